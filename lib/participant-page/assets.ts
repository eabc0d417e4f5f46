import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type http from "node:http";

/** The URLs of the participant pages' script and stylesheet (scripts/participant-assets.mjs builds them). */
export interface ParticipantAssets {
  js: string;
  css: string;
}

/** Where the assets are served from; their names carry their hash, so they are cached for good. */
export const ASSETS_PREFIX = "/_sprout/";

interface Loaded {
  urls: ParticipantAssets;
  files: Map<string, { type: string; body: Buffer; gzip: Buffer }>;
}
let loaded: Loaded | null = null;

/** Reads the built assets from `dir` into memory (they are small), or says in one line what is missing. */
export function loadParticipantAssets(dir: string): ParticipantAssets {
  const manifestFile = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new Error(`the participant pages' assets are missing (${manifestFile}): run \`npm run build\``);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { js: string; css: string };
  const files = new Map<string, { type: string; body: Buffer; gzip: Buffer }>();
  for (const [name, type] of [
    [manifest.js, "text/javascript; charset=utf-8"],
    [manifest.css, "text/css; charset=utf-8"],
  ] as const) {
    const body = fs.readFileSync(path.join(dir, name));
    files.set(name, { type, body, gzip: zlib.gzipSync(body, { level: 9 }) });
  }
  loaded = { urls: { js: `${ASSETS_PREFIX}${manifest.js}`, css: `${ASSETS_PREFIX}${manifest.css}` }, files };
  return loaded.urls;
}

export function participantAssets(): ParticipantAssets {
  if (!loaded) throw new Error("the participant assets were not loaded at start");
  return loaded.urls;
}

/** Answers GET /_sprout/<file>; false when the path is not one of the assets. */
export function serveAsset(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean {
  const file = loaded?.files.get(pathname.slice(ASSETS_PREFIX.length));
  if (!file) return false;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? file.gzip : file.body;
  res.writeHead(200, {
    "content-type": file.type,
    "content-length": body.length,
    "cache-control": "public, max-age=31536000, immutable",
    vary: "accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
