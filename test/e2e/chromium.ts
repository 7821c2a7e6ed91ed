import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The flags every run uses, whichever Chromium it found (headless, offline, no first-run UI). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A `chromium` (or `chromium-browser`) on the PATH, as a system package installs it. */
function systemChromium(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (isExecutable(join(dir, name))) {
        return join(dir, name);
      }
    }
  }
  return undefined;
}

/**
 * The Chromium the end-to-end tests drive: `CHROMIUM_PATH` when set, else a system `chromium` on
 * the PATH, else the headless build that ships inside the `@sparticuz/chromium` npm package
 * (unpacked once into the temp folder), so `npm test` needs no browser installed.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new Error(`CHROMIUM_PATH=${configured} is not an executable file`);
    }
    return configured;
  }
  const system = systemChromium();
  if (system) {
    return system;
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  // WebGL is not needed (the flags disable the GPU), so its renderer is not unpacked.
  packaged.setGraphicsMode = false;
  return packaged.executablePath();
}
