//! The HTTP server under `serve`: GET and HEAD on the loopback interface,
//! written for the clients a preview server meets, hostile ones included.
//!
//! Written on `std::net` rather than taken from a crate: the small servers
//! (tiny_http) read request lines and headers without a limit, set no
//! timeouts and start a thread for every connection without a bound, and
//! the full ones (hyper) would double the first build's compile time for a
//! preview server. What this one holds to:
//!
//! - every connection is served on a thread of its own, at most
//!   [`MAX_CONNECTIONS`] at once, so a client that never reads ties up only
//!   its own thread, and only until the write deadline;
//! - the request head must arrive within [`HEAD_DEADLINE`], with a request
//!   line of at most [`MAX_REQUEST_LINE`] bytes and a head of at most
//!   [`MAX_HEAD`] bytes (414 and 431 beyond);
//! - the `Host` header must name this server on the loopback interface,
//!   so a page on another site whose name was made to resolve to 127.0.0.1
//!   (DNS rebinding) cannot read the briefing through the reader's browser;
//! - every response carries `X-Content-Type-Options: nosniff`, and closes
//!   its connection: a request per connection keeps the server simple and
//!   costs a preview nothing.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most connections served at once; more are answered 503 at once.
pub const MAX_CONNECTIONS: usize = 64;
/// The longest request line, and the longest request head, in bytes.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head, and to take a
/// response once it is being written.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
pub const WRITE_DEADLINE: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request whose head was read and checked.
pub struct Request {
    pub method: Method,
    /// The request target as sent: a path with an optional query.
    pub target: String,
    stream: TcpStream,
}

/// A response: status, headers and the whole body.
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    fn text(status: u16, message: &str) -> Response {
        Response::new(status, format!("{message}\n"))
            .header("Content-Type", "text/plain; charset=utf-8")
    }
}

impl Request {
    /// Writes `response` (without its body for HEAD) and closes the
    /// connection. A client that stops reading is dropped at the deadline.
    pub fn respond(self, response: Response) {
        let head_only = self.method == Method::Head;
        write_response(self.stream, response, head_only, WRITE_DEADLINE);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes `response` and closes the connection, giving the client at most
/// `within` to take it.
fn write_response(mut stream: TcpStream, response: Response, head_only: bool, within: Duration) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        // Header values are ours or checked by the caller; a line break
        // in one would split the response, so it is never sent.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let deadline = Instant::now() + within;
    let body: &[u8] = if head_only { &[] } else { &response.body };
    let _ = write_by(&mut stream, head.as_bytes(), deadline)
        .and_then(|()| write_by(&mut stream, body, deadline));
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// Writes `bytes`, giving up once `deadline` has passed: the socket's
/// timeout is set afresh to what is left before every write, since a
/// timeout alone restarts with every byte a slow reader takes.
fn write_by(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A listening server; [`Server::run`] serves it until [`Server::stop`].
pub struct Server {
    listener: TcpListener,
    port: u16,
    stopping: AtomicBool,
    open: Arc<AtomicUsize>,
}

impl Server {
    pub fn bind(port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        Ok(Server {
            listener,
            port,
            stopping: AtomicBool::new(false),
            open: Arc::new(AtomicUsize::new(0)),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Accepts connections until [`Server::stop`], each served on a thread
    /// of its own by `handler` once its head was read and checked.
    pub fn run(&self, handler: Arc<dyn Fn(Request) + Send + Sync>) {
        for stream in self.listener.incoming() {
            if self.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else {
                continue;
            };
            let Some(slot) = Slot::take(&self.open) else {
                // Answered here, not on a thread of its own, and quickly:
                // a flood of connections must not make a flood of threads.
                write_response(
                    stream,
                    Response::text(503, "too many connections; try again"),
                    false,
                    Duration::from_millis(200),
                );
                continue;
            };
            let handler = Arc::clone(&handler);
            let port = self.port;
            // Without a thread to be had, the connection is dropped.
            let _ = std::thread::Builder::new()
                .name("serve-connection".into())
                .spawn(move || {
                    let _slot = slot;
                    serve_connection(stream, port, handler.as_ref())
                });
        }
    }

    /// Makes [`Server::run`] return: it is woken with a connection of our
    /// own.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(
            &std::net::SocketAddr::from(([127, 0, 0, 1], self.port)),
            Duration::from_secs(1),
        );
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = open.fetch_add(1, Ordering::SeqCst);
        if taken >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn serve_connection(mut stream: TcpStream, port: u16, handler: &(dyn Fn(Request) + Send + Sync)) {
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Refusal(status, message)) => {
            write_response(
                stream,
                Response::text(status, message),
                false,
                WRITE_DEADLINE,
            );
            return;
        }
    };
    match check(&head, port) {
        Ok((method, target)) => handler(Request {
            method,
            target,
            stream,
        }),
        Err(Refusal(status, message)) => {
            let head_only = head.starts_with("HEAD ");
            write_response(
                stream,
                Response::text(status, message),
                head_only,
                WRITE_DEADLINE,
            )
        }
    }
}

/// Why a request is answered with an error: its status and a line of text.
#[derive(Debug, PartialEq)]
struct Refusal(u16, &'static str);

/// Reads the request head (up to the blank line), within the limits.
fn read_head(stream: &mut TcpStream) -> Result<String, Refusal> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        if let Some(end) = find(&head, b"\r\n\r\n") {
            head.truncate(end);
            return String::from_utf8(head).map_err(|_| Refusal(400, "the request is not text"));
        }
        let line_end = find(&head, b"\r\n").unwrap_or(head.len());
        if line_end > MAX_REQUEST_LINE {
            return Err(Refusal(414, "the request line is too long"));
        }
        if head.len() > MAX_HEAD {
            return Err(Refusal(431, "the request head is too large"));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Refusal(408, "the request took too long to arrive"));
        }
        match stream.read(&mut buf) {
            Ok(0) => return Err(Refusal(400, "the request ended early")),
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Refusal(408, "the request took too long to arrive")),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The method and target of a well-formed request to this server.
fn check(head: &str, port: u16) -> Result<(Method, String), Refusal> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal(400, "the request line is malformed"));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(Refusal(505, "only HTTP/1.0 and HTTP/1.1 are served"));
    }
    if !target.starts_with('/') || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Refusal(400, "the request target is malformed"));
    }
    let mut host = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(Refusal(400, "a header is malformed"));
        };
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(Refusal(400, "more than one Host header"));
            }
            host = Some(value.trim());
        }
    }
    if !host.is_some_and(|h| is_this_server(h, port)) {
        return Err(Refusal(
            403,
            "this server answers only to 127.0.0.1, localhost and [::1] at its own port",
        ));
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(Refusal(405, "only GET and HEAD are served")),
    };
    Ok((method, target.to_string()))
}

/// True when a `Host` header names this server: a loopback name, with
/// this server's port or none.
fn is_this_server(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && !p.contains(']') => (name, Some(p)),
        _ => (host.as_str(), None),
    };
    let loopback = matches!(name, "127.0.0.1" | "localhost" | "[::1]");
    loopback && given_port.is_none_or(|p| p == port.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_at_this_port_are_served() {
        for good in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.1",
        ] {
            assert!(is_this_server(good, 8080), "{good}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost.evil.example",
            "127.0.0.1.nip.io:8080",
            "[::1]:80",
            "",
        ] {
            assert!(!is_this_server(bad, 8080), "{bad}");
        }
    }

    #[test]
    fn requests_are_checked_before_they_are_served() {
        let ok = "GET /claims/ HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAccept: */*";
        assert_eq!(check(ok, 9), Ok((Method::Get, "/claims/".into())));
        let rebinding = "GET / HTTP/1.1\r\nHost: attacker.example:9";
        assert_eq!(check(rebinding, 9).unwrap_err().0, 403);
        assert_eq!(check("GET / HTTP/1.1", 9).unwrap_err().0, 403);
        assert_eq!(
            check("POST / HTTP/1.1\r\nHost: localhost:9", 9)
                .unwrap_err()
                .0,
            405
        );
        assert_eq!(
            check("GET / HTTP/2\r\nHost: localhost", 9).unwrap_err().0,
            505
        );
        assert_eq!(
            check("GET x HTTP/1.1\r\nHost: localhost", 9).unwrap_err().0,
            400
        );
        let two = "GET / HTTP/1.1\r\nHost: localhost:9\r\nHost: evil.example";
        assert_eq!(check(two, 9).unwrap_err().0, 400);
    }
}
