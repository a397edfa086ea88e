//! Recording and panicking subscribers, sources and targets that are not files (slow, failing,
//! gated, counting readers and writers, sockets), and checks against the server.

use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::*;

/// A config for `engine` with s3transfer's defaults.
pub fn config(engine: Engine) -> TransferConfig {
    TransferConfig { engine, ..Default::default() }
}

/// Runs a future to completion on a fresh current-thread runtime (for SDK checks of the server).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

/// HeadObject through a fresh SDK client, with a timeout.
pub fn head(client: aws_sdk_s3::Client, key: &str) -> aws_sdk_s3::operation::head_object::HeadObjectOutput {
    block_on(async move {
        tokio::time::timeout(WAIT, client.head_object().bucket(BUCKET).key(key).send())
            .await
            .expect("HeadObject timed out")
            .expect("HeadObject")
    })
}

/// The number of parts of a multipart object as S3 reports it (`"<md5>-N"` ETag), or `None` for an
/// object written by a single PUT.
pub fn etag_parts(etag: &str) -> Option<usize> {
    let e = etag.trim_matches('"');
    e.rsplit_once('-').map(|(_, n)| n.parse().expect("numeric part count in ETag"))
}

// ---------------------------------------------------------------------------------------------
// Subscribers

/// One subscriber event, as seen by [`Recorder`].
#[derive(Clone, Debug)]
pub enum Event {
    Queued { status: String },
    Progress(i64),
    Done { done: bool, size: Option<u64> },
}

/// Records every event of a transfer; can wait for `on_done`.
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<Event>>,
    cv: Condvar,
}

impl Recorder {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }

    /// Sum of all progress deltas so far.
    pub fn progress_total(&self) -> i64 {
        self.events().iter().map(|e| if let Event::Progress(n) = e { *n } else { 0 }).sum()
    }

    /// Blocks until at least `bytes` of progress were reported (bounded by [`WAIT`]).
    pub fn wait_progress(&self, bytes: i64) {
        let deadline = Instant::now() + WAIT;
        let mut ev = self.events.lock().unwrap();
        loop {
            let total: i64 = ev.iter().map(|e| if let Event::Progress(n) = e { *n } else { 0 }).sum();
            if total >= bytes {
                return;
            }
            if ev.iter().any(|e| matches!(e, Event::Done { .. })) {
                panic!("transfer finished before {bytes} bytes of progress (saw {total})");
            }
            let now = Instant::now();
            assert!(now < deadline, "no {bytes} bytes of progress within {WAIT:?} (saw {total})");
            ev = self.cv.wait_timeout(ev, deadline - now).unwrap().0;
        }
    }

    /// Blocks until `on_done` ran (bounded by [`WAIT`]). `result()` may return before `on_done` runs
    /// (as in s3transfer), so tests wait for it explicitly.
    pub fn wait_done(&self) {
        let deadline = Instant::now() + WAIT;
        let mut ev = self.events.lock().unwrap();
        while !ev.iter().any(|e| matches!(e, Event::Done { .. })) {
            let now = Instant::now();
            assert!(now < deadline, "on_done not called within {WAIT:?}");
            ev = self.cv.wait_timeout(ev, deadline - now).unwrap().0;
        }
    }

    /// The ordering contract: exactly one `on_queued`, first; exactly one `on_done`, last, seeing
    /// `done() == true`; no zero-byte progress events.
    #[track_caller]
    pub fn assert_order(&self) {
        self.wait_done();
        let ev = self.events();
        let queued = ev.iter().filter(|e| matches!(e, Event::Queued { .. })).count();
        let done = ev.iter().filter(|e| matches!(e, Event::Done { .. })).count();
        assert_eq!(queued, 1, "on_queued must fire exactly once: {ev:?}");
        assert_eq!(done, 1, "on_done must fire exactly once: {ev:?}");
        assert!(matches!(ev.first(), Some(Event::Queued { .. })), "on_queued must come first: {ev:?}");
        assert!(matches!(ev.last(), Some(Event::Done { .. })), "on_done must come last: {ev:?}");
        if let Some(Event::Done { done, .. }) = ev.last() {
            assert!(*done, "future.done() must be true inside on_done");
        }
        assert!(
            !ev.iter().any(|e| matches!(e, Event::Progress(0))),
            "on_progress must not be called with 0 bytes: {ev:?}"
        );
    }

    /// Ordering plus: progress adds up to `size` and `meta().size()` was `Some(size)` in `on_done`.
    #[track_caller]
    pub fn assert_success(&self, size: usize) {
        self.assert_order();
        assert_eq!(self.progress_total(), size as i64, "sum of on_progress deltas must equal the object size");
        if let Some(Event::Done { size: s, .. }) = self.events().last() {
            assert_eq!(*s, Some(size as u64), "meta().size() in on_done");
        }
    }
}

impl Subscriber for Recorder {
    fn on_queued(&self, future: &TransferFuture) {
        self.events.lock().unwrap().push(Event::Queued { status: format!("{:?}", future.status()) });
        self.cv.notify_all();
    }
    fn on_progress(&self, _future: &TransferFuture, bytes_transferred: i64) {
        self.events.lock().unwrap().push(Event::Progress(bytes_transferred));
        self.cv.notify_all();
    }
    fn on_done(&self, future: &TransferFuture) {
        let ev = Event::Done { done: future.done(), size: future.meta().size() };
        self.events.lock().unwrap().push(ev);
        self.cv.notify_all();
    }
}

/// Where a [`Panicker`] panics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PanicIn {
    Queued,
    Progress,
    Done,
}

/// A subscriber that panics in one hook.
pub struct Panicker(pub PanicIn);

impl Subscriber for Panicker {
    fn on_queued(&self, _f: &TransferFuture) {
        if self.0 == PanicIn::Queued {
            panic!("test subscriber panics in on_queued");
        }
    }
    fn on_progress(&self, _f: &TransferFuture, _n: i64) {
        if self.0 == PanicIn::Progress {
            panic!("test subscriber panics in on_progress");
        }
    }
    fn on_done(&self, _f: &TransferFuture) {
        if self.0 == PanicIn::Done {
            panic!("test subscriber panics in on_done");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sources and targets that are not files

/// A non-seekable async reader that hands out at most `max_read` bytes per read.
pub struct ChunkedReader {
    data: Vec<u8>,
    pos: usize,
    max_read: usize,
}

impl ChunkedReader {
    pub fn new(data: Vec<u8>, max_read: usize) -> Self {
        Self { data, pos: 0, max_read }
    }
}

impl tokio::io::AsyncRead for ChunkedReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = (self.data.len() - self.pos).min(self.max_read).min(buf.remaining());
        let start = self.pos;
        buf.put_slice(&self.data[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// A non-seekable async writer collecting what it is given (small writes are fine; it cannot seek,
/// so the library must deliver bytes in order).
#[derive(Clone, Default)]
pub struct VecWriter(pub Arc<Mutex<Vec<u8>>>);

impl VecWriter {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }
}

impl tokio::io::AsyncWrite for VecWriter {
    fn poll_write(self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        // Take at most 100 KiB per call so partial writes are exercised.
        let n = buf.len().min(100 * KIB);
        self.0.lock().unwrap().extend_from_slice(&buf[..n]);
        Poll::Ready(Ok(n))
    }
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A source fed by a producer thread through an in-memory pipe: the library sees a non-seekable
/// stream of unknown size that delivers `fast` bytes at once and then `step` bytes every `pause`
/// up to `total` bytes (or until the reader goes away). `gate`: if given, the producer waits for
/// a message on it after the fast part.
pub struct SlowSource {
    pub reader: tokio::io::DuplexStream,
    pub data: Vec<u8>,
    pub gate: Option<std::sync::mpsc::Sender<()>>,
}

pub fn slow_source(data: Vec<u8>, fast: usize, step: usize, pause: Duration, gated: bool) -> SlowSource {
    use tokio::io::AsyncWriteExt;
    let (reader, mut writer) = tokio::io::duplex(256 * KIB);
    let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
    let produced = data.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let fast = fast.min(produced.len());
            if writer.write_all(&produced[..fast]).await.is_err() {
                return;
            }
            if gated {
                // Wait for the test to open the gate (or give up when the test ends).
                let gate = tokio::task::spawn_blocking(move || gate_rx.recv_timeout(WAIT * 2)).await;
                if !matches!(gate, Ok(Ok(()))) {
                    return;
                }
            }
            for chunk in produced[fast..].chunks(step.max(1)) {
                if writer.write_all(chunk).await.is_err() {
                    return;
                }
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
            let _ = writer.shutdown().await;
        });
    });
    SlowSource { reader, data, gate: if gated { Some(gate_tx) } else { None } }
}

/// A non-seekable OS stream (a Unix socket pair; `std::io::pipe` needs a newer rustc than the crate's
/// MSRV) whose other end is read by a thread: a `std::io::Write` target that cannot seek.
pub struct PipeSink {
    pub writer: std::os::unix::net::UnixStream,
    reader: std::thread::JoinHandle<Vec<u8>>,
}

pub fn pipe_sink() -> PipeSink {
    let (mut r, w) = std::os::unix::net::UnixStream::pair().expect("socket pair");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut out).expect("read socket");
        out
    });
    PipeSink { writer: w, reader }
}

impl PipeSink {
    /// Everything written, once every writer handle is closed.
    pub fn collect(reader: std::thread::JoinHandle<Vec<u8>>) -> Vec<u8> {
        within(WAIT, "pipe reader", move || reader.join().expect("pipe reader thread"))
    }
    pub fn split(self) -> (std::os::unix::net::UnixStream, std::thread::JoinHandle<Vec<u8>>) {
        (self.writer, self.reader)
    }
}

/// A non-seekable OS stream fed by a thread: a `std::io::Read` source.
pub fn pipe_source(data: Vec<u8>) -> std::os::unix::net::UnixStream {
    let (r, mut w) = std::os::unix::net::UnixStream::pair().expect("socket pair");
    std::thread::spawn(move || {
        for chunk in data.chunks(64 * KIB) {
            if std::io::Write::write_all(&mut w, chunk).is_err() {
                return;
            }
        }
    });
    r
}

/// An async reader that yields `data` and then fails with an I/O error (a source that breaks mid-way).
pub struct FailingReader {
    data: Vec<u8>,
    pos: usize,
}

impl FailingReader {
    pub fn new(data: Vec<u8>) -> Self {
        Self { data, pos: 0 }
    }
}

impl tokio::io::AsyncRead for FailingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.pos == self.data.len() {
            return Poll::Ready(Err(std::io::Error::other("source broke (test)")));
        }
        let n = (self.data.len() - self.pos).min(64 * KIB).min(buf.remaining());
        let start = self.pos;
        buf.put_slice(&self.data[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// An async writer that accepts `limit` bytes and then fails (a destination that fills up).
pub struct FailingWriter {
    pub limit: usize,
    pub written: usize,
}

impl tokio::io::AsyncWrite for FailingWriter {
    fn poll_write(mut self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        if self.written >= self.limit {
            return Poll::Ready(Err(std::io::Error::other("destination full (test)")));
        }
        let n = buf.len().min(self.limit - self.written);
        self.written += n;
        Poll::Ready(Ok(n))
    }
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A non-seekable async writer that accepts nothing until its gate opens (a consumer that stalls), then
/// collects everything.
#[derive(Clone, Default)]
pub struct GatedWriter {
    pub open: Arc<std::sync::atomic::AtomicBool>,
    pub data: Arc<Mutex<Vec<u8>>>,
    waker: Arc<Mutex<Option<std::task::Waker>>>,
}

impl GatedWriter {
    pub fn open_gate(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(w) = self.waker.lock().unwrap().take() {
            w.wake();
        }
    }
}

impl tokio::io::AsyncWrite for GatedWriter {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        if !self.open.load(std::sync::atomic::Ordering::SeqCst) {
            *self.waker.lock().unwrap() = Some(cx.waker().clone());
            // Re-check after registering, so an open between the check and the registration is seen.
            if !self.open.load(std::sync::atomic::Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        self.data.lock().unwrap().extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A non-seekable reader over `data` that counts how many bytes were taken from it.
pub struct CountingReader {
    inner: ChunkedReader,
    pub taken: Arc<std::sync::atomic::AtomicUsize>,
}

impl CountingReader {
    pub fn new(data: Vec<u8>) -> Self {
        Self { inner: ChunkedReader::new(data, 256 * KIB), taken: Arc::default() }
    }
}

impl tokio::io::AsyncRead for CountingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.taken.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
        r
    }
}
