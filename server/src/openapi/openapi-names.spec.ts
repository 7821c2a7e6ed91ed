import { pascalCase } from './openapi-names';

describe(pascalCase.name, () => {
  it.each([
    ['Deal', 'Deal'],
    ['People', 'People'],
    ['Invoice schedules', 'InvoiceSchedules'],
    ['SKUs', 'SKUs'],
    ['Café orders', 'CafeOrders'],
    ['e-mail threads', 'EMailThreads'],
    ['3D models', '3DModels'],
    ['Deal (legacy)', 'DealLegacy'],
    ['——', ''],
  ])('turns %j into %j', (label, expected) => {
    expect(pascalCase(label)).toBe(expected);
  });
});
