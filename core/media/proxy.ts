/**
 * The browser proxy of a rush, made by ffmpeg: H.264/AAC in MP4 (faststart, at most 720 lines), the
 * original's start timecode and metadata kept. The server decides when a proxy is needed and queues the
 * jobs (server/http/media-proxy.ts); this module only runs ffmpeg, with a time limit, and writes the file
 * atomically (a `.part` renamed into place). The input is an already opened and verified descriptor where
 * the platform allows it (Linux: `/dev/fd/3`), so the file ffmpeg decodes is the one that was checked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DarkroomError } from '../errors.ts';
import type { MediaTools } from './tools.ts';

/** The stream operations of a proxy: copy what MP4 carries, encode the rest, drop what is absent. */
export interface ProxyPlan {
  video: 'copy' | 'encode' | 'none';
  audio: 'copy' | 'encode' | 'none';
  /** The original's start timecode (HH:MM:SS:FF), written into the proxy; null when it has none. */
  startTc: string | null;
}

/** The ffmpeg arguments that turn `input` into a browser proxy at `output`. Pure. */
export function proxyArgs(input: string, output: string, plan: ProxyPlan): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', input, '-map_metadata', '0'];
  if (plan.video === 'none') args.push('-vn');
  else {
    args.push('-map', '0:v:0');
    if (plan.video === 'copy') args.push('-c:v', 'copy');
    else args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p', '-vf', "scale=-2:'min(720,ih)'");
    if (plan.startTc) args.push('-timecode', plan.startTc);
  }
  if (plan.audio === 'none') args.push('-an');
  else {
    args.push('-map', '0:a:0');
    if (plan.audio === 'copy') args.push('-c:a', 'copy');
    else args.push('-c:a', 'aac', '-b:a', '160k', '-ac', '2');
  }
  args.push('-movflags', '+faststart', '-f', 'mp4', output);
  return args;
}

export interface MakeProxyOptions {
  tools: MediaTools;
  /** The original: its path (for messages) and, preferably, an open descriptor of it to read from. */
  input: { path: string; fd?: number | undefined };
  /** Where the proxy goes; written as `<target>.part-<pid>` then renamed. */
  target: string;
  plan: ProxyPlan;
  /** Seconds ffmpeg may run before it is killed (the error names the limit and DARKROOM_FFMPEG_TIMEOUT). */
  timeoutS: number;
  /** Called with the seconds of output made so far. */
  onTime?: ((seconds: number) => void) | undefined;
}

/**
 * Makes the proxy at `target` (nothing to do when it exists) and returns its path.
 * @throws DarkroomError MEDIA_FAILED naming the file and ffmpeg's reason, or the time limit it ran past.
 */
export async function makeProxy(options: MakeProxyOptions): Promise<string> {
  const { tools, input, target, plan, timeoutS } = options;
  if (existsSync(target)) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.part-${process.pid}`;
  // Linux reopens /dev/fd/N as the same inode (seekable, unlike a pipe): ffmpeg reads the verified file.
  const viaFd = input.fd !== undefined && process.platform === 'linux';
  const source = viaFd ? '/dev/fd/3' : input.path;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tools.ffmpeg, ['-progress', 'pipe:1', '-nostats', ...proxyArgs(source, partial, plan)], {
      stdio: viaFd ? ['ignore', 'pipe', 'pipe', input.fd as number] : ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = [...chunk.toString().matchAll(/out_time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)].pop();
      if (m) options.onTime?.(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(new DarkroomError('MEDIA_FAILED', `Cannot run ffmpeg (${tools.ffmpeg}) to make a browser proxy of ${input.path}. Set DARKROOM_FFMPEG to a working ffmpeg.`, { cause }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new DarkroomError('MEDIA_FAILED', `ffmpeg (${tools.ffmpeg}) ran past its ${formatSeconds(timeoutS)} limit making a browser proxy of ${input.path} and was stopped. Raise DARKROOM_FFMPEG_TIMEOUT if the file is long or the machine slow, or check that the file plays.`));
      } else if (code === 0) resolve();
      else {
        const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
        reject(new DarkroomError('MEDIA_FAILED', `ffmpeg could not make a browser proxy of ${input.path} (${reason}). Check that the file plays in a media player; re-export it as H.264/AAC if it does not.`));
      }
    });
  }).catch((err: unknown) => {
    rmSync(partial, { force: true });
    throw err;
  });
  renameSync(partial, target);
  return target;
}

/** A limit said for a person: "90 s", "12 min 30 s". */
export function formatSeconds(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}
