//! `briefing serve` as a reader and an analyst meet it: pages served on a
//! loopback port with the live-reload script, edits visible within two
//! seconds, a broken edit reported while the last good site stays, and a
//! clean exit on Ctrl-C (SIGINT).

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A plain HTTP/1.1 GET: the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let (status, _, body) = exchange(port, path);
    (status, body)
}

/// A plain HTTP/1.1 GET: the status, the head and the body.
fn exchange(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Polls `path` until its body contains `text`; returns how long it took.
fn until_served(port: u16, path: &str, text: &str, within: Duration) -> Duration {
    let started = Instant::now();
    while started.elapsed() < within {
        if get(port, path).1.contains(text) {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("`{text}` not served at {path} within {within:?}");
}

/// Starts `briefing serve --port 0` in `root`; returns the process, its
/// port once it serves, and a thread collecting the rest of its output.
fn start(
    root: &std::path::Path,
    stderr_path: &std::path::Path,
) -> (
    std::process::Child,
    u16,
    std::thread::JoinHandle<Vec<String>>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(stderr_path).unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve stopped before serving").unwrap();
        if let Some(rest) = line.strip_prefix("serving the site at http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading stdout so the server never blocks on a full pipe.
    let stdout = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    (child, port, stdout)
}

fn interrupt(child: &mut std::process::Child) -> std::process::ExitStatus {
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_reloads_edits_reports_breakage_and_stops_on_sigint() {
    let dir = fixture("minimal");
    let root = dir.path();
    let stderr_path = root.join("serve-stderr.txt");
    let (mut child, port, stdout) = start(root, &stderr_path);

    // Pages come with the live-reload script; the files on disk do not.
    let (status, page) = get(port, "/sources/beta/");
    assert_eq!(status, 200);
    assert!(page.contains("Beta is upbeat"), "{page}");
    assert!(page.contains("<script src=\"/__briefing/live.js\"></script>"));
    assert!(page.contains("connect-src 'self'"));
    let on_disk = read(&root.join("public/sources/beta/index.html"));
    assert!(!on_disk.contains("__briefing"));
    let (status, script) = get(port, "/__briefing/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("location.reload()"));
    // Nothing outside the site, and a missing page gets the site's 404.
    assert_eq!(get(port, "/../Cargo.toml").0, 404);
    assert_eq!(get(port, "/%2e%2e/serve-stderr.txt").0, 404);
    let (status, missing) = get(port, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(missing.contains("<html"), "{missing}");
    // A folder without its slash is sent to the folder, so that the page's
    // relative links resolve as they do on a static host.
    let (status, head, _) = exchange(port, "/sources/beta");
    assert_eq!(status, 301);
    assert!(
        head.to_ascii_lowercase()
            .contains("location: /sources/beta/\r\n"),
        "{head}"
    );
    // Never to another host.
    let (_, head, _) = exchange(port, "//sources/beta");
    assert!(
        head.to_ascii_lowercase()
            .contains("location: /sources/beta/\r\n"),
        "{head}"
    );
    assert_eq!(get(port, "/sources/beta/index.html").0, 200);

    let (_, state) = get(port, "/__briefing/wait?v=");
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    let version = state["version"].as_u64().unwrap();
    assert!(state["error"].is_null(), "{state}");

    // However many pages are open and polling, pages are still served.
    let polls: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(move || get(port, &format!("/__briefing/wait?v={version}"))))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(get(port, "/sources/alpha/").0, 200);
    assert!(started.elapsed() < Duration::from_secs(2));

    // An edit is served within two seconds, and answers the polls.
    edit(
        root,
        "content/sources/beta.md",
        "Beta is upbeat",
        "Beta is cautiously upbeat",
    );
    let took = until_served(
        port,
        "/sources/beta/",
        "Beta is cautiously upbeat",
        Duration::from_secs(2),
    );
    eprintln!("edit served after {took:?}");
    for poll in polls {
        let (_, state) = poll.join().unwrap();
        let state: serde_json::Value = serde_json::from_str(&state).unwrap();
        assert!(state["version"].as_u64().unwrap() > version, "{state}");
    }
    let (_, state) = get(port, &format!("/__briefing/wait?v={version}"));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    let version = state["version"].as_u64().unwrap();

    // A broken edit: pages poll the report, the last good site stays.
    let line = edit(
        root,
        "content/sources/alpha.md",
        "stance: supports",
        "stance: suports",
    );
    let (_, state) = get(port, &format!("/__briefing/wait?v={version}"));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    let error = state["error"]
        .as_str()
        .expect("the build should have failed");
    assert!(
        error.contains(&format!("content/sources/alpha.md:{line}:")),
        "{error}"
    );
    let (status, page) = get(port, "/sources/beta/");
    assert_eq!(status, 200);
    assert!(page.contains("Beta is cautiously upbeat"));

    // Fixed again: served again.
    edit(
        root,
        "content/sources/alpha.md",
        "stance: suports",
        "stance: supports",
    );
    let (_, state) = get(port, &format!("/__briefing/wait?v={}", version + 1));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert!(state["error"].is_null(), "{state}");

    // Ctrl-C: a clean exit.
    let status = interrupt(&mut child);
    assert!(status.success(), "{status:?}");
    let out = stdout.join().unwrap();
    assert_eq!(out.last().map(String::as_str), Some("stopped"), "{out:?}");
    let err = read(&stderr_path);
    assert!(
        err.contains(&format!("content/sources/alpha.md:{line}:")),
        "the terminal shows the error too:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // The port is free again.
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn a_first_build_that_fails_is_explained_until_it_is_fixed() {
    let dir = fixture("minimal");
    let root = dir.path();
    edit(
        root,
        "content/sources/beta.md",
        "claim: buyer-named",
        "claim: <b>buyer-namd</b>",
    );
    let (mut child, port, _stdout) = start(root, &root.join("serve-stderr.txt"));
    let (status, page) = get(port, "/");
    assert_eq!(status, 503);
    assert!(page.contains("content/sources/beta.md:"), "{page}");
    assert!(page.contains("&lt;b&gt;buyer-namd"), "escaped: {page}");
    assert!(page.contains("/__briefing/live.js"));
    edit(
        root,
        "content/sources/beta.md",
        "claim: <b>buyer-namd</b>",
        "claim: buyer-named",
    );
    until_served(port, "/", "Widgets go global", Duration::from_secs(2));
    assert!(interrupt(&mut child).success());
}

/// Sends `raw` as the whole request; returns the status line's code and
/// the head, or 0 when the server closed without answering.
fn raw_request(port: u16, raw: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer and close before all of a huge request is
    // sent: a failed write is no failure here.
    let _ = stream.write_all(raw);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply).into_owned();
    let head = text.split("\r\n\r\n").next().unwrap_or("").to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head)
}

#[test]
fn slow_and_hostile_clients_do_not_hold_up_the_server() {
    let dir = fixture("minimal");
    let root = dir.path();
    let (mut child, port, _stdout) = start(root, &root.join("serve-stderr.txt"));
    // A file far larger than the socket buffers, so that a client that
    // never reads leaves the server's write waiting.
    std::fs::write(root.join("public/big.bin"), vec![b'x'; 64 * 1024 * 1024]).unwrap();
    let slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
            s
        })
        .collect();
    // And a few that send half a request head and stall.
    let stalled: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let (status, head, body) = exchange(port, "/sources/beta/");
    assert_eq!(status, 200, "{head}");
    assert!(body.contains("Beta is upbeat"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a page took {:?} behind slow clients",
        started.elapsed()
    );
    // Security headers, the page's policy among them.
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("x-content-type-options: nosniff"), "{head}");
    assert!(
        lower.contains("content-security-policy: default-src 'none';"),
        "{head}"
    );
    assert!(lower.contains("connect-src 'self'"), "{head}");

    // A page that another site's name was made to resolve to this machine
    // (DNS rebinding) is refused.
    let (status, _) = raw_request(
        port,
        format!("GET / HTTP/1.1\r\nHost: rebind.attacker.example:{port}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 403);
    let (status, _) = raw_request(
        port,
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 200);
    // Oversized request lines and heads are refused, not read on and on.
    let long_target = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(raw_request(port, long_target.as_bytes()).0, 414);
    let long_head = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        "X-Filler: yes\r\n".repeat(4096)
    );
    assert_eq!(raw_request(port, long_head.as_bytes()).0, 431);
    assert_eq!(
        raw_request(port, b"DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n").0,
        405
    );

    drop(slow);
    drop(stalled);
    assert!(interrupt(&mut child).success());
}
