import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Git with no system or user configuration: the fake behaves the same on every machine. */
function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    LANG: 'C',
  };
}

/**
 * Bare repositories on disk served over git's smart HTTP protocol by `git http-backend` (CGI),
 * so a client such as isomorphic-git (the scaffolder's publish actions) can really push to them.
 * Needs `git` on the PATH.
 *
 * @public
 */
export class GitRepositories {
  private root?: string;

  /** The directory holding `{owner}/{name}.git`; made on first use, removed by {@link GitRepositories.dispose}. */
  private dir(): string {
    if (!this.root) this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'adp-fake-git-'));
    return this.root;
  }

  private gitDir(owner: string, name: string): string {
    return path.join(this.dir(), owner.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  private git(args: string[], options: { gitDir?: string } = {}) {
    const pre = options.gitDir ? ['--git-dir', options.gitDir] : [];
    return run('git', [...pre, ...args], { env: gitEnv(this.dir()), encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  }

  /** An empty bare repository with `defaultBranch` as HEAD that accepts pushes over HTTP. */
  async create(owner: string, name: string, defaultBranch: string): Promise<void> {
    const gitDir = this.gitDir(owner, name);
    fs.mkdirSync(path.dirname(gitDir), { recursive: true });
    try {
      await this.git(['init', '--quiet', '--bare', gitDir]);
    } catch (e) {
      throw new Error(`The fake GitHub needs git to create repositories: ${(e as Error).message}`);
    }
    await this.git(['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`], { gitDir });
    await this.git(['config', 'http.receivepack', 'true'], { gitDir });
  }

  exists(owner: string, name: string): boolean {
    return !!this.root && fs.existsSync(this.gitDir(owner, name));
  }

  /** The commit a branch points at, or undefined (no such repository or branch). */
  async head(owner: string, name: string, branch: string): Promise<string | undefined> {
    if (!this.exists(owner, name)) return undefined;
    try {
      const { stdout } = await this.git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
        gitDir: this.gitDir(owner, name),
      });
      return stdout.toString('utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** A file's content at `ref`, or undefined when there is no such file. */
  async readFile(owner: string, name: string, ref: string, filePath: string): Promise<Buffer | undefined> {
    if (!this.exists(owner, name)) return undefined;
    try {
      const { stdout } = await this.git(['cat-file', 'blob', `${ref}:${filePath.replace(/^\/+/, '')}`], {
        gitDir: this.gitDir(owner, name),
      });
      return stdout as Buffer;
    } catch {
      return undefined;
    }
  }

  /** Paths of the files at `ref`, sorted. */
  async listFiles(owner: string, name: string, ref: string): Promise<string[]> {
    if (!this.exists(owner, name)) return [];
    try {
      const { stdout } = await this.git(['ls-tree', '-r', '--name-only', ref], { gitDir: this.gitDir(owner, name) });
      return stdout.toString('utf8').split('\n').filter(Boolean).sort();
    } catch {
      return [];
    }
  }

  /**
   * Serves one smart-HTTP request (`/{owner}/{name}.git/info/refs`, `/git-upload-pack`,
   * `/git-receive-pack`) for `repoPath` = `{owner}/{name}.git/...`; resolves with the status sent.
   */
  serve(req: http.IncomingMessage, res: http.ServerResponse, repoPath: string, query: string, remoteUser: string): Promise<number> {
    return new Promise(resolve => {
      const [owner, repo, ...rest] = repoPath.split('/');
      const name = (repo ?? '').replace(/\.git$/i, '');
      if (!owner || !name || !this.exists(owner, name)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Repository not found.\n');
        resolve(404);
        return;
      }
      const pathInfo = `/${owner.toLowerCase()}/${name.toLowerCase()}.git/${rest.join('/')}`;
      const env: NodeJS.ProcessEnv = {
        ...gitEnv(this.dir()),
        GIT_PROJECT_ROOT: this.dir(),
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: pathInfo,
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: query,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: remoteUser,
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      };
      // Without CONTENT_LENGTH (a chunked request) http-backend reads the body to its end.
      if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
      const child = spawn('git', ['http-backend'], { env });
      req.pipe(child.stdin);
      child.stdin.on('error', () => {});

      let head = Buffer.alloc(0);
      let status = 200;
      let headersSent = false;
      const fail = (message: string) => {
        if (!headersSent) {
          headersSent = true;
          res.writeHead(500, { 'content-type': 'text/plain' });
        }
        res.end(`${message}\n`);
        resolve(500);
      };
      child.on('error', e => fail(`git http-backend could not start: ${e.message}`));
      let stderr = '';
      child.stderr.on('data', d => {
        stderr += d;
      });
      child.stdout.on('data', (chunk: Buffer) => {
        if (headersSent) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        // The CGI headers end at the first empty line (CRLF or LF line ends).
        const blank = /\r?\n\r?\n/.exec(head.toString('latin1'));
        if (!blank) return;
        const end = blank.index + blank[0].length;
        const headers: Record<string, string> = {};
        for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const key = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          if (key === 'status') status = parseInt(value, 10) || 200;
          else headers[key] = value;
        }
        headersSent = true;
        res.writeHead(status, headers);
        res.write(head.subarray(end));
      });
      child.on('close', code => {
        if (!headersSent) {
          fail(`git http-backend exited with ${code}: ${stderr.trim()}`);
          return;
        }
        res.end();
        resolve(status);
      });
    });
  }

  dispose(): void {
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
