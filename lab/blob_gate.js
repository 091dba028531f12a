// Preloaded into Azurite by azslab (node --require): the stamp's blob-service rules in front of Azurite, inside
// its own process, so uploads stream through untouched (no extra hop). Each rule and its source is a row of
// docs/stamp-fidelity.md; the rules come from AZSLAB_BLOB_RULES (JSON, written by lab/azurite.py):
//   versions      service versions the stamp accepts in x-ms-version and in a SAS's sv
//   maxBlobName   longest blob name, in UTF-16 characters
//   pageSize      granularity at which Get Page Ranges reports written pages
// Refusals have the storage service's shape: status, x-ms-error-code, XML <Error> body (none for HEAD).
"use strict";
const http = require("http");
const https = require("https");
const crypto = require("crypto");

const rules = JSON.parse(process.env.AZSLAB_BLOB_RULES || "{}");
const versions = rules.versions ? new Set(rules.versions) : null; // null: a lax lab checks no version
const newest = (rules.versions || []).slice().sort().pop();
const oldest = (rules.versions || []).slice().sort()[0];

function escapeXml(text) {
  return String(text).replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]);
}

function refuse(req, res, status, code, message, extra) {
  const id = crypto.randomUUID();
  const fields = Object.entries(extra || {}).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join("");
  const body = '<?xml version="1.0" encoding="utf-8"?><Error><Code>' + code + "</Code><Message>" +
    escapeXml(`${message}\nRequestId:${id}\nTime:${new Date().toISOString()}`) + "</Message>" + fields + "</Error>";
  const headers = { "x-ms-error-code": code, "x-ms-request-id": id, "content-type": "application/xml" };
  if (req.method === "HEAD") {
    res.writeHead(status, headers);
    res.end();
  } else {
    headers["content-length"] = Buffer.byteLength(body);
    res.writeHead(status, headers);
    res.end(body);
  }
  req.resume(); // drain an upload we refused so the connection stays usable
}

// Path-style addressing (the lab: https://127.0.0.1:port/account/container/blob); host-style otherwise.
function blobName(req, path) {
  const parts = path.split("/").slice(1);
  const host = String(req.headers.host || "").split(":")[0];
  const hostStyle = host.includes(".blob.");
  const rest = hostStyle ? parts.slice(1) : parts.slice(2);
  if (rest.length === 0 || rest.join("") === "") return "";
  try {
    return decodeURIComponent(rest.join("/"));
  } catch (err) {
    return rest.join("/");
  }
}

// Get Page Ranges: report every written range as whole pages (the stamp stores 4 KiB pages), merged.
function roundRanges(xml, blobLength) {
  const size = rules.pageSize;
  const round = (tag) => {
    const found = [];
    const pattern = new RegExp(`<${tag}><Start>(\\d+)</Start><End>(\\d+)</End></${tag}>`, "g");
    let m;
    while ((m = pattern.exec(xml)) !== null) {
      let start = Math.floor(Number(m[1]) / size) * size;
      let end = Math.ceil((Number(m[2]) + 1) / size) * size - 1;
      if (Number.isFinite(blobLength) && end > blobLength - 1) end = blobLength - 1;
      const last = found[found.length - 1];
      if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
      else found.push([start, end]);
    }
    return found;
  };
  const pages = round("PageRange");
  const clears = round("ClearRange");
  if (pages.length === 0 && clears.length === 0) return xml; // an empty list (maybe <PageList/>) stays as it is
  const tail = xml.match(/<NextMarker\s*\/>|<NextMarker>[^<]*<\/NextMarker>/);
  const head = xml.slice(0, xml.indexOf(">", xml.indexOf("<PageList")) + 1);
  return head +
    pages.map(([s, e]) => `<PageRange><Start>${s}</Start><End>${e}</End></PageRange>`).join("") +
    clears.map(([s, e]) => `<ClearRange><Start>${s}</Start><End>${e}</End></ClearRange>`).join("") +
    (tail ? tail[0] : "") + "</PageList>";
}

function roundPageRanges(res) {
  const chunks = [];
  const write = res.write;
  const end = res.end;
  res.write = function (chunk, encoding, callback) {
    if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
    if (typeof callback === "function") callback();
    else if (typeof encoding === "function") encoding();
    return true;
  };
  res.end = function (chunk, encoding, callback) {
    if (chunk && typeof chunk !== "function") {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
    }
    let body = Buffer.concat(chunks);
    if (res.statusCode === 200 && body.includes("<PageList")) {
      const length = Number(res.getHeader("x-ms-blob-content-length"));
      body = Buffer.from(roundRanges(body.toString("utf8"), length), "utf8");
      if (!res.headersSent) res.setHeader("content-length", body.length);
    }
    res.write = write;
    res.end = end;
    const done = [chunk, encoding, callback].find((a) => typeof a === "function");
    return end.call(res, body, done);
  };
}

function gate(listener) {
  return function (req, res) {
    const url = req.url || "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    const version = req.headers["x-ms-version"];
    if (versions && version !== undefined && !versions.has(String(version))) {
      return refuse(req, res, 400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.",
        { HeaderName: "x-ms-version", HeaderValue: String(version) });
    }
    const sv = query.get("sv");
    if (versions && sv !== null && query.has("sig") && !versions.has(sv)) {
      return refuse(req, res, 403, "AuthenticationFailed",
        "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
        { AuthenticationErrorDetail: `The signed version (sv) ${sv} is not supported by this storage service; it supports ${oldest} to ${newest}.` });
    }
    const name = blobName(req, path);
    if (rules.maxBlobName && name.length > rules.maxBlobName) {
      return refuse(req, res, 400, "OutOfRangeInput", "One of the request inputs is out of range.");
    }
    if (rules.pageSize && req.method === "GET" && query.get("comp") === "pagelist") {
      roundPageRanges(res);
    }
    return listener.call(this, req, res);
  };
}

// Azurite creates its server, then subscribes its request listener: wrap whatever listens to "request".
for (const mod of [http, https]) {
  const create = mod.createServer;
  mod.createServer = function (...args) {
    const server = create.apply(this, args);
    const on = server.on;
    server.on = server.addListener = function (event, listener) {
      return on.call(this, event, event === "request" && typeof listener === "function" ? gate(listener) : listener);
    };
    const listeners = server.listeners("request");
    if (listeners.length) {
      server.removeAllListeners("request");
      listeners.forEach((l) => on.call(server, "request", gate(l)));
    }
    return server;
  };
}
