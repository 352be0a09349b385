/** The config folders of this machine, from the OS and the environment passed in. */
import { homedir } from 'node:os';
import type { PlatformDirs } from './clients.js';

/** This machine's {@link PlatformDirs} (`platform` other than macOS/Windows is treated as Linux). */
export function platformDirs(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home = homedir()): PlatformDirs {
  return {
    platform: platform === 'darwin' || platform === 'win32' ? platform : 'linux',
    home, appData: env.APPDATA, xdgConfig: env.XDG_CONFIG_HOME, codexHome: env.CODEX_HOME,
  };
}
