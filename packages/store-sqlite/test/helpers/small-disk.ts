import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small ext4 file system in an image file, loop-mounted on a fresh directory: real disk
 * faults for a database on it. Needs root (mount, losetup) and `mkfs.ext4`, `chattr`.
 */
export interface SmallDisk {
  /** A path inside the mounted file system. */
  file(name: string): string;
  /**
   * Writes a filler file until the file system answers ENOSPC (`-m 0`: nothing is reserved for
   * root), then, with `leaveBlocks`, frees exactly that many 4 KiB blocks.
   */
  fill(options?: { leaveBlocks?: number }): void;
  /** Deletes the filler: the space returns. */
  free(): void;
  /**
   * Makes `paths` immutable (`chattr +i`, which stops root too): every write, even through a
   * descriptor opened before, fails with EPERM.
   */
  freeze(paths: readonly string[]): void;
  /** Undoes {@link freeze} (`chattr -i`). */
  thaw(): void;
  /** Remounts the file system read-only or read-write (refused while a file is open for writing). */
  remount(mode: 'ro' | 'rw'): void;
  /** Thaws, unmounts (lazily if still busy; the loop device goes with it) and deletes everything. Idempotent. */
  remove(): void;
}

const run = (command: string, args: readonly string[]) => execFileSync(command, args, { stdio: 'pipe' });

/** The file system's block size (`mkfs.ext4 -b`). */
export const BLOCK_SIZE = 4096;

/**
 * Creates and mounts a `sizeMb` ext4 image (`mkfs.ext4 -b 4096 -m 0`, `mount -o loop`).
 * @throws Error with the failing command's output when any step fails (after undoing the others).
 */
export function mountSmallDisk(sizeMb = 8): SmallDisk {
  const base = mkdtempSync(join(tmpdir(), 'tagout-small-disk-'));
  const image = join(base, 'disk.img');
  const dir = join(base, 'mnt');
  const filler = join(dir, 'filler');
  const room = join(dir, 'room');
  let frozen: string[] = [];
  let mounted = false;
  const thaw = () => {
    if (frozen.length > 0) run('chattr', ['-i', ...frozen]);
    frozen = [];
  };
  const remove = () => {
    try {
      thaw();
    } finally {
      if (mounted) {
        try {
          run('umount', [dir]);
        } catch {
          run('umount', ['-l', dir]);
        }
        mounted = false;
      }
      rmSync(base, { recursive: true, force: true });
    }
  };
  try {
    closeSync(openSync(image, 'w'));
    truncateSync(image, sizeMb * 1024 * 1024);
    mkdirSync(dir);
    run('mkfs.ext4', ['-q', '-F', '-b', String(BLOCK_SIZE), '-m', '0', image]);
    run('mount', ['-o', 'loop', image, dir]);
    mounted = true;
  } catch (error) {
    remove();
    const output = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `tagout: cannot mount a small ext4 disk (root, loop devices, mkfs.ext4 needed): ${output}`,
      {
        cause: error,
      },
    );
  }
  return {
    file: (name) => join(dir, name),
    fill(options = {}) {
      const blocks = options.leaveBlocks ?? 0;
      // Blocks set aside first and freed last: a small file's blocks, freed, are exactly free.
      if (blocks > 0) writeFileSync(room, Buffer.alloc(blocks * BLOCK_SIZE), { flush: true });
      const fd = openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 4096, 512, 1]) {
          const chunk = Buffer.alloc(size);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
      if (blocks > 0) unlinkSync(room);
    },
    free: () => unlinkSync(filler),
    freeze(paths) {
      run('chattr', ['+i', ...paths]);
      frozen.push(...paths);
    },
    thaw,
    remount: (mode) => run('mount', ['-o', `remount,${mode}`, dir]),
    remove,
  };
}

/**
 * Whether small disks can be mounted here (probes once). In CI they must be: there it throws
 * the reason, so the tests fail rather than skip; elsewhere it warns and returns false.
 */
export function smallDisksAvailable(): boolean {
  try {
    mountSmallDisk().remove();
    return true;
  } catch (error) {
    if (process.env.CI) throw error;
    console.warn(`tagout: skipping the SQLite disk fault tests: ${(error as Error).message}`);
    return false;
  }
}
