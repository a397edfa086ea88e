//! A loopback TCP proxy in front of a test server that breaks or slows responses, so tests can see what
//! a user sees when a download's body stream fails (s3transfer's retry path) or when a transfer is still
//! in flight (cancel, shutdown, result timeouts).
//!
//! It works at the byte level and knows nothing of HTTP:
//! - `cut_after(n, times)`: a connection that has carried more than `n` bytes from the server to the
//!   client is reset (the response body ends early), `times` times in all (then it passes everything).
//!   Requests and small responses (HEAD, PUT, errors) never reach `n`, so only GET bodies are cut.
//! - `throttle(chunk, delay)`: data is forwarded `chunk` bytes at a time with `delay` between chunks,
//!   in both directions, on each connection (uploads and downloads stay in flight long enough to cancel).
//! - `latency(delay)`: every server-to-client chunk is held for `delay` (a request the server already
//!   executed is still in flight for the client).
//! - `cut_upload_after(n, times)`: like `cut_after` for client-to-server data: a connection that has
//!   carried more than `n` request bytes is closed mid-request-body (e.g. an UploadPart).
//! - `stall_after(n, times)`: after `n` bytes of response on a connection the proxy stops forwarding but
//!   keeps the connection open (no bytes, no close: only a client-side timeout ends it).
//! - `.with_reset()`: cuts close the client connection with a TCP RST (SO_LINGER 0) instead of a FIN.
//! - [`FaultProxy::kill`]: stop the proxy with transfers in flight: every connection is closed at once and
//!   new ones are refused.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the proxy does to server-to-client data.
#[derive(Debug, Default)]
pub struct FaultPlan {
    cut_after: Option<u64>,
    cuts_left: AtomicU32,
    throttle: Option<(usize, Duration)>,
    latency: Option<Duration>,
    cut_up_after: Option<u64>,
    stall_after: Option<u64>,
    reset: bool,
    cuts_made: AtomicU32,
    stalls_made: AtomicU32,
    bytes_down: AtomicU64,
}

impl FaultPlan {
    /// Reset connections after `bytes` bytes of response data, `times` times (u32::MAX: always).
    pub fn cut_after(bytes: u64, times: u32) -> Self {
        Self { cut_after: Some(bytes), cuts_left: AtomicU32::new(times), ..Default::default() }
    }

    /// Slow every connection down: `chunk` bytes, then `delay`.
    pub fn throttle(chunk: usize, delay: Duration) -> Self {
        Self { throttle: Some((chunk, delay)), ..Default::default() }
    }

    /// Hold every server-to-client chunk for `delay` before forwarding it: a response arrives `delay`
    /// after the server sent it (the server has already acted on the request by then).
    pub fn latency(delay: Duration) -> Self {
        Self { latency: Some(delay), ..Default::default() }
    }

    /// Close connections mid-request-body after `bytes` bytes from the client, `times` times.
    pub fn cut_upload_after(bytes: u64, times: u32) -> Self {
        Self { cut_up_after: Some(bytes), cuts_left: AtomicU32::new(times), ..Default::default() }
    }

    /// Stop forwarding (without closing) after `bytes` bytes of response, `times` times.
    pub fn stall_after(bytes: u64, times: u32) -> Self {
        Self { stall_after: Some(bytes), cuts_left: AtomicU32::new(times), ..Default::default() }
    }

    /// Cuts close the client's connection with a TCP reset instead of an orderly close.
    pub fn with_reset(mut self) -> Self {
        self.reset = true;
        self
    }

    fn take_cut(&self) -> bool {
        self.cuts_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| match n {
                0 => None,
                u32::MAX => Some(u32::MAX),
                n => Some(n - 1),
            })
            .is_ok()
    }
}

/// The proxy; dropping it stops accepting and closes every connection.
pub struct FaultProxy {
    addr: SocketAddr,
    plan: Arc<FaultPlan>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` (e.g. `server.addr()`).
    pub fn start(upstream: SocketAddr, plan: FaultPlan) -> Self {
        let plan = Arc::new(plan);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        let p = plan.clone();
        let thread = std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    let mut tasks = tokio::task::JoinSet::new();
                    loop {
                        let client = tokio::select! {
                            res = listener.accept() => match res { Ok((s, _)) => s, Err(_) => continue },
                            _ = &mut stop_rx => break,
                        };
                        let plan = p.clone();
                        tasks.spawn(async move {
                            let _ = client.set_nodelay(true);
                            if plan.reset {
                                // Closing this socket (only done early, on a cut) then sends a RST.
                                #[allow(deprecated)]
                                let _ = client.set_linger(Some(Duration::ZERO));
                            }
                            let Ok(server) = tokio::net::TcpStream::connect(upstream).await else { return };
                            let _ = server.set_nodelay(true);
                            let (mut cr, mut cw) = client.into_split();
                            let (mut sr, mut sw) = server.into_split();
                            let throttle = plan.throttle;
                            let up_plan = plan.clone();
                            let up = async move {
                                let plan = up_plan;
                                let mut buf = vec![0u8; 64 * 1024];
                                let mut sent_up: u64 = 0;
                                loop {
                                    let max = throttle.map(|(c, _)| c.min(buf.len())).unwrap_or(buf.len());
                                    let n = match cr.read(&mut buf[..max]).await {
                                        Ok(0) | Err(_) => break,
                                        Ok(n) => n,
                                    };
                                    let mut n = n;
                                    let mut cut = false;
                                    if let Some(limit) = plan.cut_up_after {
                                        if sent_up + n as u64 > limit && plan.take_cut() {
                                            n = limit.saturating_sub(sent_up) as usize;
                                            cut = true;
                                        }
                                    }
                                    if n > 0 && sw.write_all(&buf[..n]).await.is_err() {
                                        break;
                                    }
                                    sent_up += n as u64;
                                    if cut {
                                        plan.cuts_made.fetch_add(1, Ordering::SeqCst);
                                        // Returning ends the pair: the client's request body is cut.
                                        return;
                                    }
                                    if let Some((_, delay)) = throttle {
                                        tokio::time::sleep(delay).await;
                                    }
                                }
                                let _ = sw.shutdown().await;
                            };
                            let down = async move {
                                let mut buf = vec![0u8; 64 * 1024];
                                let mut sent: u64 = 0;
                                loop {
                                    let max = plan.throttle.map(|(c, _)| c.min(buf.len())).unwrap_or(buf.len());
                                    let n = match sr.read(&mut buf[..max]).await {
                                        Ok(0) | Err(_) => break,
                                        Ok(n) => n,
                                    };
                                    if let Some(delay) = plan.latency {
                                        tokio::time::sleep(delay).await;
                                    }
                                    let mut n = n;
                                    let mut cut = false;
                                    let mut stall = false;
                                    if let Some(limit) = plan.stall_after {
                                        if sent + n as u64 > limit && plan.take_cut() {
                                            n = limit.saturating_sub(sent) as usize;
                                            stall = true;
                                        }
                                    }
                                    if let Some(limit) = plan.cut_after {
                                        if sent + n as u64 > limit && plan.take_cut() {
                                            n = limit.saturating_sub(sent) as usize;
                                            cut = true;
                                        }
                                    }
                                    if n > 0 && cw.write_all(&buf[..n]).await.is_err() {
                                        break;
                                    }
                                    sent += n as u64;
                                    plan.bytes_down.fetch_add(n as u64, Ordering::Relaxed);
                                    if stall {
                                        plan.stalls_made.fetch_add(1, Ordering::SeqCst);
                                        // Keep both sockets open and send nothing more; the pair ends
                                        // when the client gives up (the upstream half sees its close).
                                        std::future::pending::<()>().await;
                                    }
                                    if cut {
                                        plan.cuts_made.fetch_add(1, Ordering::SeqCst);
                                        // Returning drops both halves: the client sees the body end early.
                                        return;
                                    }
                                    if let Some((_, delay)) = plan.throttle {
                                        tokio::time::sleep(delay).await;
                                    }
                                }
                                let _ = cw.shutdown().await;
                            };
                            // Whichever direction ends first (a cut, or the client closing) closes the pair.
                            tokio::select! {
                                _ = up => {},
                                _ = down => {},
                            }
                        });
                    }
                    tasks.abort_all();
                });
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn proxy");
        Self { addr, plan, stop: Some(stop_tx), thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections were cut so far.
    pub fn cuts_made(&self) -> u32 {
        self.plan.cuts_made.load(Ordering::SeqCst)
    }

    /// How many connections were stalled so far.
    pub fn stalls_made(&self) -> u32 {
        self.plan.stalls_made.load(Ordering::SeqCst)
    }

    /// Stops the proxy now, with whatever is in flight: every connection is closed and the port no
    /// longer accepts (clients see resets and refused connections). Idempotent; `Drop` does the same.
    pub fn kill(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Bytes forwarded from the server to clients so far.
    pub fn bytes_down(&self) -> u64 {
        self.plan.bytes_down.load(Ordering::Relaxed)
    }

    /// An aws-sdk-s3 client that talks to the server through this proxy.
    pub fn sdk_client(&self) -> aws_sdk_s3::Client {
        super::server::sdk_client_for(&self.endpoint(), super::server::SECRET_KEY)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.kill();
    }
}
