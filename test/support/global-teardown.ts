export default async function globalTeardown(): Promise<void> {
  const server = globalThis.plinthTestServer;
  globalThis.plinthTestServer = undefined;
  await server?.stop();
}
