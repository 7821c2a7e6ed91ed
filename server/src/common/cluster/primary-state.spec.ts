import { sharedState } from './primary-state';

class Counter {
  private count = 0;

  add(by: number): number {
    this.count += by;
    return this.count;
  }

  fail(): never {
    throw new Error('refused');
  }
}

describe('sharedState outside a cluster worker', () => {
  it("calls this process's own instance, as a promise", async () => {
    const counter = sharedState('counter', new Counter());
    expect(await counter('add', 2)).toBe(2);
    expect(await counter('add', 3)).toBe(5);
  });

  it('keeps each handle on its own instance', async () => {
    const first = sharedState('counter', new Counter());
    const second = sharedState('counter', new Counter());
    await first('add', 4);
    expect(await second('add', 1)).toBe(1);
  });

  it("rejects with the instance's error", async () => {
    const counter = sharedState('counter', new Counter());
    await expect(counter('fail')).rejects.toThrow('refused');
  });
});
