//! `briefing serve`: build, serve the site on the loopback interface, and
//! rebuild and reload open pages as files change.
//!
//! The site is served from the output folder as a build writes it; nothing
//! serve-only is written there. Instead, each HTML page is patched as it is
//! served: a small script is added that long-polls the server for the
//! build's version, reloading the page when a build succeeds and showing
//! the report over the page when one fails (the last good site stays in
//! place). The page's Content-Security-Policy gets `connect-src 'self'` so
//! the script may poll; it allows nothing else new, and is sent as a
//! header too. The server itself, and what it does with slow and hostile
//! clients, is in [`http`].

mod http;

use crate::session::{Run, Session};
use crate::BuildOptions;
use http::{Request, Response, Server};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Where the live-reload script and the version endpoint live: a prefix no
/// page of a briefing can have.
const LIVE_JS: &str = "/__briefing/live.js";
const WAIT: &str = "/__briefing/wait";
/// How long a poll waits for a new build before answering anyway.
const POLL: Duration = Duration::from_secs(20);

const SCRIPT: &str = include_str!("serve/live.js");

/// The state open pages poll: bumped by every build.
#[derive(Default)]
struct Live {
    state: Mutex<Status>,
    changed: Condvar,
}

#[derive(Default, Clone)]
struct Status {
    version: u64,
    /// The report of the last build, when it failed.
    error: Option<String>,
}

impl Live {
    fn publish(&self, error: Option<String>) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.version += 1;
        s.error = error;
        self.changed.notify_all();
    }

    /// The status once its version differs from `seen`, or after `POLL`.
    fn wait(&self, seen: Option<u64>) -> Status {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(s, POLL, |s| Some(s.version) == seen)
            .unwrap_or_else(|e| e.into_inner());
        s.clone()
    }
}

/// What `serve` was asked for.
pub struct ServeOptions {
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Builds, serves and rebuilds until `stop` is set (by Ctrl-C). `on_ready`
/// gets the address once the server listens; `on_run` sees every build.
pub fn serve(
    options: BuildOptions,
    serve: ServeOptions,
    stop: &AtomicBool,
    on_ready: impl FnOnce(&str),
    mut on_run: impl FnMut(&Session, &Run),
) -> Result<(), String> {
    let server = Server::bind(serve.port).map_err(|e| {
        format!(
            "cannot listen on 127.0.0.1:{}: {e}; if another server uses the port, choose another with --port",
            serve.port
        )
    })?;
    let port = server.port();
    let server = Arc::new(server);
    let live = Arc::new(Live::default());
    let out = options.out_dir();
    let acceptor = {
        let (server, live) = (server.clone(), live.clone());
        let handler: Arc<dyn Fn(Request) + Send + Sync> =
            Arc::new(move |request| answer(request, &out, &live));
        std::thread::spawn(move || server.run(handler))
    };

    let address = format!("http://127.0.0.1:{port}/");
    let mut ready = Some(on_ready);
    let result = crate::watch::watch(options, stop, |session, run| {
        on_run(session, run);
        live.publish(
            run.report
                .is_none()
                .then(|| run.diagnostics.render(session.files())),
        );
        // Announce once the first build is done, so the first page a
        // browser asks for is there.
        if let Some(ready) = ready.take() {
            ready(&address);
            if serve.open {
                if let Err(e) = open::that_detached(&address) {
                    eprintln!("warning: cannot open a browser: {e}");
                }
            }
        }
    });
    server.stop();
    let _ = acceptor.join();
    result
}

fn answer(request: Request, out: &Path, live: &Live) {
    let url = request.target.clone();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == LIVE_JS {
        request.respond(
            Response::new(200, SCRIPT)
                .header("Content-Type", "text/javascript; charset=utf-8")
                .header("Cache-Control", "no-store"),
        );
        return;
    }
    if path == WAIT {
        let seen = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse().ok());
        // A poll waits on its connection's own thread: open pages never
        // hold up the requests for files.
        let status = live.wait(seen);
        let body = serde_json::json!({ "version": status.version, "error": status.error });
        request.respond(
            Response::new(200, body.to_string())
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store"),
        );
        return;
    }
    let (status, file) = match resolve(out, path) {
        Some(Found::FolderWithoutSlash) => {
            // The page's relative links would resolve one level too high:
            // send the browser to the folder, as static hosts do.
            request.respond(
                Response::new(301, Vec::new())
                    .header("Location", folder_address(path, query))
                    .header("Cache-Control", "no-store"),
            );
            return;
        }
        Some(Found::File(file)) => (200, file),
        None => (404, out.join("404.html")),
    };
    let Ok(bytes) = std::fs::read(&file) else {
        // No site yet: the first build failed. Say why, and reload once
        // a build succeeds.
        let report = live
            .state
            .lock()
            .map(|s| s.error.clone())
            .unwrap_or_default()
            .unwrap_or_else(|| "The site is not built yet.".into());
        let page = format!(
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>No site yet</title><body><h1>No site to show yet</h1><pre>{}</pre><script src=\"{LIVE_JS}\"></script></body></html>",
            crate::render::escape_html(&report),
        );
        request.respond(
            Response::new(503, page)
                .header("Content-Type", "text/html; charset=utf-8")
                .header("Content-Security-Policy", FALLBACK_POLICY)
                .header("Cache-Control", "no-store"),
        );
        return;
    };
    let kind = content_type(&file);
    let (bytes, policy) = if kind.starts_with("text/html") {
        let (page, policy) = inject(&String::from_utf8_lossy(&bytes));
        (page.into_bytes(), policy)
    } else {
        (bytes, None)
    };
    request.respond(
        Response::new(status, bytes)
            .header("Content-Type", kind)
            .header(
                "Content-Security-Policy",
                policy.unwrap_or_else(|| "default-src 'none'".into()),
            )
            .header("Cache-Control", "no-store"),
    );
}

/// The policy for pages of the server's own (the report of a failed first
/// build): its script, nothing else.
const FALLBACK_POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self'";

/// Where a redirect sends a request for the folder `path` (named without
/// its trailing slash): the folder, with one leading slash only, since
/// `//host/x` would send the browser to another host.
fn folder_address(path: &str, query: &str) -> String {
    let trimmed = path.trim_matches('/');
    let folder = if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    };
    if query.is_empty() {
        folder
    } else {
        format!("{folder}?{query}")
    }
}

/// What a URL path names in the site.
#[derive(Debug, PartialEq)]
enum Found {
    File(PathBuf),
    /// A folder with an index page, named without its trailing slash.
    FolderWithoutSlash,
}

/// The file a URL path names inside `out`, or `None`. Percent-escapes are
/// decoded, and any path that is not plain names going down from `out`
/// (`..`, a root, a drive, a backslash) names nothing.
fn resolve(out: &Path, url_path: &str) -> Option<Found> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = out.join(rel);
    if file.is_dir() {
        file.push("index.html");
        if file.is_file() && !url_path.ends_with('/') {
            return Some(Found::FolderWithoutSlash);
        }
    }
    file.is_file().then_some(Found::File(file))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to a page, and lets it poll this server;
/// returns the page and its policy, to send as a header too.
fn inject(html: &str) -> (String, Option<String>) {
    const CSP: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    let mut policy = None;
    let mut page = match html.find(CSP).map(|at| at + CSP.len()) {
        Some(start) => {
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            // The policy with its connect-src (if any) replaced.
            let mut directives: Vec<&str> = html[start..end]
                .split(';')
                .map(str::trim)
                .filter(|d| !d.is_empty() && !d.starts_with("connect-src"))
                .collect();
            directives.push("connect-src 'self'");
            policy = Some(directives.join("; "));
            format!(
                "{}{}{}",
                &html[..start],
                directives.join("; "),
                &html[end..]
            )
        }
        None => html.to_string(),
    };
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, &tag),
        None => page.push_str(&tag),
    }
    (page, policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_below_the_site_resolve() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("claims/a")).unwrap();
        std::fs::write(out.join("claims/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert_eq!(
            resolve(&out, "/claims/a/"),
            Some(Found::File(out.join("claims/a/index.html")))
        );
        assert_eq!(
            resolve(&out, "/claims/%61/index.html"),
            Some(Found::File(out.join("claims/a/index.html")))
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/claims/..%2f..%2fsecret.txt",
            "/claims%5c..%5c..%5csecret.txt",
            "//etc/passwd",
            "/missing.html",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
    }

    #[test]
    fn a_folder_without_its_slash_is_sent_to_the_folder_on_this_host() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("claims")).unwrap();
        std::fs::write(out.join("claims/index.html"), "c").unwrap();
        std::fs::write(out.join("index.html"), "i").unwrap();
        assert_eq!(resolve(&out, "/claims"), Some(Found::FolderWithoutSlash));
        assert_eq!(resolve(&out, "//claims"), Some(Found::FolderWithoutSlash));
        assert_eq!(
            resolve(&out, "/claims/"),
            Some(Found::File(out.join("claims/index.html")))
        );
        assert_eq!(
            resolve(&out, "/claims/index%2Ehtml"),
            Some(Found::File(out.join("claims/index.html")))
        );
        assert_eq!(folder_address("/claims", ""), "/claims/");
        assert_eq!(folder_address("/claims", "x=1"), "/claims/?x=1");
        assert_eq!(folder_address("//claims", ""), "/claims/");
        assert_eq!(folder_address("", ""), "/");
        assert_eq!(folder_address("", "x"), "/?x");
    }

    #[test]
    fn pages_get_the_script_and_may_poll() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; connect-src 'none'; img-src 'self'\"></head><body><p>x</p></body></html>";
        let (served, policy) = inject(page);
        assert_eq!(
            policy.as_deref(),
            Some("default-src 'none'; img-src 'self'; connect-src 'self'")
        );
        assert!(
            served.contains("content=\"default-src 'none'; img-src 'self'; connect-src 'self'\">"),
            "{served}"
        );
        assert!(served.contains("<script src=\"/__briefing/live.js\"></script></body>"));
    }
}
