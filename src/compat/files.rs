//! s3transfer's file objects and OS helpers (`s3transfer/utils.py`): [`ReadFileChunk`], [`DeferredOpenFile`],
//! [`StreamReaderProgress`] and [`OsUtils`]. The manager's engines do not use them; the legacy API does.
//!
//! **`ReadFileChunk.close` quirk reproduced**: [`ReadFileChunk::close`] runs its close callbacks only while
//! callbacks are enabled, as upstream.

use std::path::{Path, PathBuf};

use crate::fs::{is_special_file, temp_filename};

/// A progress callback of [`ReadFileChunk`]: bytes read (negative when a seek rewinds).
pub type ProgressCallback = std::sync::Arc<dyn Fn(i64) + Send + Sync>;

/// A bounded, seekable view of `[start, start + size)` of a reader, reporting reads to progress
/// callbacks (s3transfer's `ReadFileChunk`). `start` is the inner reader's position at
/// construction and `size = min(full_file_size - start, chunk_size)`.
///
/// ```
/// use std::io::{Read, Seek, SeekFrom};
/// use std::sync::{Arc, atomic::{AtomicI64, Ordering}};
/// use s3transfer::compat::utils::ReadFileChunk;
///
/// let seen = Arc::new(AtomicI64::new(0));
/// let s2 = seen.clone();
/// let mut data = std::io::Cursor::new(b"0123456789".to_vec());
/// data.seek(SeekFrom::Start(2)).unwrap();
/// let mut chunk = ReadFileChunk::new(data, 5, 10, vec![Arc::new(move |n| { s2.fetch_add(n, Ordering::SeqCst); })], true).unwrap();
/// assert_eq!(chunk.len(), 5);
/// let mut out = String::new();
/// chunk.read_to_string(&mut out).unwrap();
/// assert_eq!(out, "23456"); // never past the window
/// assert_eq!(seen.load(Ordering::SeqCst), 5);
/// chunk.seek(SeekFrom::Start(1)).unwrap(); // rewinding reports -4
/// assert_eq!(seen.load(Ordering::SeqCst), 1);
/// ```
pub struct ReadFileChunk<R> {
    inner: R,
    start: u64,
    size: u64,
    amount_read: u64,
    callbacks: Vec<ProgressCallback>,
    callbacks_enabled: bool,
    close_callbacks: Vec<Box<dyn FnOnce() + Send>>,
}

impl<R> std::fmt::Debug for ReadFileChunk<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadFileChunk")
            .field("start", &self.start)
            .field("size", &self.size)
            .field("amount_read", &self.amount_read)
            .field("callbacks_enabled", &self.callbacks_enabled)
            .finish_non_exhaustive()
    }
}

impl ReadFileChunk<std::fs::File> {
    /// Opens `path`, seeks to `start_byte` and views `chunk_size` bytes of it (the file's size is
    /// the full size).
    pub fn from_filename(
        path: &Path,
        start_byte: u64,
        chunk_size: u64,
        callbacks: Vec<ProgressCallback>,
        enable_callbacks: bool,
    ) -> std::io::Result<Self> {
        use std::io::Seek;
        let mut f = std::fs::File::open(path)?;
        let full = f.metadata()?.len();
        f.seek(std::io::SeekFrom::Start(start_byte))?;
        Self::new(f, chunk_size, full, callbacks, enable_callbacks)
    }
}

impl<R: std::io::Read + std::io::Seek> ReadFileChunk<R> {
    /// A view of `chunk_size` bytes from the reader's current position.
    pub fn new(
        mut inner: R,
        chunk_size: u64,
        full_file_size: u64,
        callbacks: Vec<ProgressCallback>,
        enable_callbacks: bool,
    ) -> std::io::Result<Self> {
        let start = inner.stream_position()?;
        let size = full_file_size.saturating_sub(start).min(chunk_size);
        Ok(Self { inner, start, size, amount_read: 0, callbacks, callbacks_enabled: enable_callbacks, close_callbacks: Vec::new() })
    }

    /// Adds a callback run by [`ReadFileChunk::close`] (only if callbacks are enabled then).
    pub fn add_close_callback(&mut self, f: impl FnOnce() + Send + 'static) {
        self.close_callbacks.push(Box::new(f));
    }

    /// The window size (the request's Content-Length).
    pub fn len(&self) -> u64 {
        self.size
    }

    /// Whether the window is empty.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Bytes read from the window so far.
    pub fn tell(&self) -> u64 {
        self.amount_read
    }

    /// Turns progress callbacks on.
    pub fn enable_callback(&mut self) {
        self.callbacks_enabled = true;
    }

    /// Turns progress callbacks off.
    pub fn disable_callback(&mut self) {
        self.callbacks_enabled = false;
    }

    /// The body is being sent: enable callbacks.
    pub fn signal_transferring(&mut self) {
        self.enable_callback();
    }

    /// The body is read for another reason (e.g. a checksum): disable callbacks.
    pub fn signal_not_transferring(&mut self) {
        self.disable_callback();
    }

    fn report(&self, n: i64) {
        if self.callbacks_enabled && n != 0 {
            for cb in &self.callbacks {
                cb(n);
            }
        }
    }

    /// Runs the close callbacks if callbacks are enabled (as upstream), then drops the reader.
    pub fn close(mut self) {
        if self.callbacks_enabled {
            for f in self.close_callbacks.drain(..) {
                f();
            }
        }
    }

    /// The inner reader.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: std::io::Read + std::io::Seek> std::io::Read for ReadFileChunk<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.size.saturating_sub(self.amount_read) as usize;
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let n = self.inner.read(&mut buf[..want])?;
        self.amount_read += n as u64;
        self.report(n as i64);
        Ok(n)
    }
}

impl<R: std::io::Read + std::io::Seek> std::io::Seek for ReadFileChunk<R> {
    /// Seeks within the window (`Start` = window start, `End` = window end); progress reports the
    /// clamped difference (negative when rewinding).
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let rel: i128 = match pos {
            std::io::SeekFrom::Start(o) => o as i128,
            std::io::SeekFrom::Current(d) => self.amount_read as i128 + d as i128,
            std::io::SeekFrom::End(d) => self.size as i128 + d as i128,
        };
        let target = rel.max(0) as u64;
        self.inner.seek(std::io::SeekFrom::Start(self.start + target))?;
        let delta = target.min(self.size) as i64 - self.amount_read.min(self.size) as i64;
        self.report(delta);
        self.amount_read = target;
        Ok(target)
    }
}

/// Turns a Python-style file mode (`"rb"`, `"wb"`, `"ab"`, `"xb"`, each optionally with `+`; the
/// `b` is optional) into [`std::fs::OpenOptions`].
fn open_options_for_mode(mode: &str) -> std::io::Result<std::fs::OpenOptions> {
    let invalid = || std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("unsupported file mode {mode:?}"));
    let mut chars: Vec<char> = mode.chars().filter(|c| *c != 'b').collect();
    if mode.matches('b').count() > 1 {
        return Err(invalid());
    }
    let plus = chars.iter().filter(|c| **c == '+').count();
    chars.retain(|c| *c != '+');
    if plus > 1 || chars.len() != 1 {
        return Err(invalid());
    }
    let plus = plus == 1;
    let mut o = std::fs::OpenOptions::new();
    match chars[0] {
        'r' => o.read(true).write(plus),
        'w' => o.write(true).create(true).truncate(true).read(plus),
        'a' => o.append(true).create(true).read(plus),
        'x' => o.write(true).create_new(true).read(plus),
        _ => return Err(invalid()),
    };
    Ok(o)
}

type Opener<F> = Box<dyn FnMut(&Path) -> std::io::Result<F> + Send>;

/// A file handle that opens its file only when first used (s3transfer's `DeferredOpenFile`).
///
/// The file is opened by the first [`Read::read`](std::io::Read::read),
/// [`Write::write`](std::io::Write::write), [`Seek::seek`](std::io::Seek::seek) or
/// [`DeferredOpenFile::open`] call, and positioned at `start_byte` right after opening (when it is
/// not 0). Until then nothing touches the file system: [`DeferredOpenFile::name`] gives the path and
/// [`DeferredOpenFile::tell`] (also [`Seek::stream_position`](std::io::Seek::stream_position)) gives
/// `start_byte`. Thousands of queued parts can thus each own one without holding a descriptor, and
/// the file is opened on the thread that reads it. Positions are absolute positions in the file (as
/// upstream); wrap it in a [`ReadFileChunk`] for a bounded window with progress (constructing the
/// `ReadFileChunk` does not open it either).
///
/// Python's `mode` is [`DeferredOpenFile::with_mode`] (or any [`std::fs::OpenOptions`] with
/// [`DeferredOpenFile::with_options`]), its `open_function` is [`DeferredOpenFile::with_opener`],
/// which takes any opener returning a seekable handle. If opening fails the error is returned by
/// the call that tried, and the next call tries again. [`DeferredOpenFile::close`] (or dropping it)
/// closes the file if it was opened.
///
/// ```
/// use std::io::{Read, Seek};
/// use s3transfer::compat::utils::{DeferredOpenFile, ReadFileChunk};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("data.txt");
/// // Not opened yet: the file does not even have to exist.
/// let mut f = DeferredOpenFile::new(&path, 4);
/// assert_eq!(f.name(), path.as_path());
/// assert_eq!(f.tell().unwrap(), 4);
/// assert!(!f.is_open());
///
/// std::fs::write(&path, b"0123456789").unwrap();
/// let mut s = String::new();
/// f.read_to_string(&mut s).unwrap(); // opened here, at byte 4
/// assert_eq!(s, "456789");
/// assert!(f.is_open());
///
/// // A part of an upload: bytes 2..5, opened only when the part is read.
/// let mut part = ReadFileChunk::new(DeferredOpenFile::new(&path, 2), 3, 10, Vec::new(), false).unwrap();
/// let mut s = String::new();
/// part.read_to_string(&mut s).unwrap();
/// assert_eq!(s, "234");
/// ```
pub struct DeferredOpenFile<F = std::fs::File> {
    filename: PathBuf,
    start_byte: u64,
    opener: Opener<F>,
    file: Option<F>,
}

impl<F> std::fmt::Debug for DeferredOpenFile<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeferredOpenFile")
            .field("filename", &self.filename)
            .field("start_byte", &self.start_byte)
            .field("open", &self.file.is_some())
            .finish_non_exhaustive()
    }
}

impl DeferredOpenFile<std::fs::File> {
    /// Reads `filename` from `start_byte` (Python's default mode `"rb"`), opening it on first use.
    pub fn new(filename: impl Into<PathBuf>, start_byte: u64) -> Self {
        let mut o = std::fs::OpenOptions::new();
        o.read(true);
        Self::with_options(filename, start_byte, o)
    }

    /// Opens `filename` with a Python-style `mode` on first use: `"rb"`, `"wb"` (create/truncate),
    /// `"ab"` (append), `"xb"` (create, must not exist), each optionally with `+` (also reading or
    /// writing); the `b` may be left out. An unknown mode is an `InvalidInput` error now.
    pub fn with_mode(filename: impl Into<PathBuf>, start_byte: u64, mode: &str) -> std::io::Result<Self> {
        Ok(Self::with_options(filename, start_byte, open_options_for_mode(mode)?))
    }

    /// Opens `filename` with `options` on first use.
    pub fn with_options(filename: impl Into<PathBuf>, start_byte: u64, options: std::fs::OpenOptions) -> Self {
        Self::with_opener(filename, start_byte, move |p: &Path| options.open(p))
    }
}

impl<F> DeferredOpenFile<F> {
    /// Opens `filename` with `opener` on first use (Python's `open_function`, e.g. an `OsUtils`
    /// substitute in tests, or a handle type of your own).
    pub fn with_opener(
        filename: impl Into<PathBuf>,
        start_byte: u64,
        opener: impl FnMut(&Path) -> std::io::Result<F> + Send + 'static,
    ) -> Self {
        Self { filename: filename.into(), start_byte, opener: Box::new(opener), file: None }
    }

    /// The file's path (Python's `name`), available before it is opened.
    pub fn name(&self) -> &Path {
        &self.filename
    }

    /// The position the file is opened at.
    pub fn start_byte(&self) -> u64 {
        self.start_byte
    }

    /// Whether the file has been opened.
    pub fn is_open(&self) -> bool {
        self.file.is_some()
    }

    /// Closes the file if it was opened (dropping it does the same).
    pub fn close(self) {}

    /// The open handle, if the file has been opened.
    pub fn get_ref(&self) -> Option<&F> {
        self.file.as_ref()
    }
}

impl<F: std::io::Seek> DeferredOpenFile<F> {
    /// Opens the file now if it is not open yet (positioned at `start_byte`), and returns the handle
    /// (Python opens on entering the `with` scope).
    pub fn open(&mut self) -> std::io::Result<&mut F> {
        if self.file.is_none() {
            let mut f = (self.opener)(&self.filename)?;
            if self.start_byte != 0 {
                f.seek(std::io::SeekFrom::Start(self.start_byte))?;
            }
            self.file = Some(f);
        }
        Ok(self.file.as_mut().expect("just opened"))
    }

    /// The current position: `start_byte` without opening the file if it is not open yet.
    pub fn tell(&mut self) -> std::io::Result<u64> {
        match self.file.as_mut() {
            Some(f) => f.stream_position(),
            None => Ok(self.start_byte),
        }
    }
}

impl<F: std::io::Read + std::io::Seek> std::io::Read for DeferredOpenFile<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.open()?.read(buf)
    }
}

impl<F: std::io::Write + std::io::Seek> std::io::Write for DeferredOpenFile<F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.open()?.write(buf)
    }

    /// Flushes the handle if the file is open (does not open it).
    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl<F: std::io::Seek> std::io::Seek for DeferredOpenFile<F> {
    /// Opens the file if needed, then seeks it (positions are absolute in the file).
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.open()?.seek(pos)
    }

    /// As [`DeferredOpenFile::tell`]: does not open the file.
    fn stream_position(&mut self) -> std::io::Result<u64> {
        self.tell()
    }
}

pin_project_lite::pin_project! {
    /// A reader that reports the length of every non-empty read to progress callbacks
    /// (s3transfer's `StreamReaderProgress`, which Python wraps around non-seekable download
    /// streams). It wraps a [`std::io::Read`] and also a [`tokio::io::AsyncRead`].
    ///
    /// A read that returns 0 bytes (end of stream) or fails calls nothing, so the callbacks sum to
    /// exactly the bytes the reader returned. Callbacks run on the reading thread, inside the read.
    ///
    /// Neither engine needs it: both read response bodies as a stream of byte frames and report
    /// progress per frame themselves (with the rewinds on retry that a plain reader cannot know of).
    /// It is here for users who read an object's body (e.g. `GetObjectOutput::body.into_async_read()`)
    /// or any stream themselves.
    ///
    /// ```
    /// use std::io::Read;
    /// use std::sync::{Arc, atomic::{AtomicI64, AtomicUsize, Ordering}};
    /// use s3transfer::compat::utils::StreamReaderProgress;
    ///
    /// let (total, calls) = (Arc::new(AtomicI64::new(0)), Arc::new(AtomicUsize::new(0)));
    /// let (t, c) = (total.clone(), calls.clone());
    /// let cb = Arc::new(move |n: i64| { t.fetch_add(n, Ordering::SeqCst); c.fetch_add(1, Ordering::SeqCst); });
    /// let mut r = StreamReaderProgress::new(&b"hello world"[..], vec![cb]);
    /// let mut buf = [0u8; 4];
    /// assert_eq!(r.read(&mut buf).unwrap(), 4);
    /// let mut rest = Vec::new();
    /// r.read_to_end(&mut rest).unwrap(); // ends with a 0-byte read, which reports nothing
    /// assert_eq!(total.load(Ordering::SeqCst), 11);
    /// assert_eq!(calls.load(Ordering::SeqCst), 2);
    /// ```
    pub struct StreamReaderProgress<R> {
        #[pin]
        inner: R,
        callbacks: Vec<ProgressCallback>,
    }
}

impl<R> std::fmt::Debug for StreamReaderProgress<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamReaderProgress").field("callbacks", &self.callbacks.len()).finish_non_exhaustive()
    }
}

fn invoke_progress_callbacks(callbacks: &[ProgressCallback], n: usize) {
    if n != 0 {
        for cb in callbacks {
            cb(n as i64);
        }
    }
}

impl<R> StreamReaderProgress<R> {
    /// Wraps `stream`; every read's length is passed to each of `callbacks`.
    pub fn new(stream: R, callbacks: Vec<ProgressCallback>) -> Self {
        Self { inner: stream, callbacks }
    }

    /// The wrapped reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The wrapped reader, mutably (bytes read through it directly are not reported).
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Unwraps the reader.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: std::io::Read> std::io::Read for StreamReaderProgress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        invoke_progress_callbacks(&self.callbacks, n);
        Ok(n)
    }
}

impl<R: tokio::io::AsyncRead> tokio::io::AsyncRead for StreamReaderProgress<R> {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = self.project();
        let before = buf.filled().len();
        std::task::ready!(this.inner.poll_read(cx, buf))?;
        invoke_progress_callbacks(this.callbacks, buf.filled().len() - before);
        std::task::Poll::Ready(Ok(()))
    }
}

/// File operations the transfer code needs (s3transfer's `OSUtils`).
///
/// ```
/// use s3transfer::compat::utils::OsUtils;
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("f.bin");
/// OsUtils.allocate(&p, 1024).unwrap();
/// assert_eq!(OsUtils.get_file_size(&p).unwrap(), 1024);
/// let temp = OsUtils.get_temp_filename(&p);
/// assert!(temp.to_str().unwrap().starts_with(p.to_str().unwrap()));
/// OsUtils.rename_file(&p, &temp).unwrap();
/// OsUtils.remove_file(&p); // already gone: ignored
/// assert!(!OsUtils.is_special_file(&temp));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct OsUtils;

impl OsUtils {
    /// The file's size in bytes.
    pub fn get_file_size(&self, path: &Path) -> std::io::Result<u64> {
        Ok(std::fs::metadata(path)?.len())
    }

    /// A [`ReadFileChunk`] of `size` bytes of `path` from `start_byte`, callbacks disabled.
    pub fn open_file_chunk_reader(
        &self,
        path: &Path,
        start_byte: u64,
        size: u64,
        callbacks: Vec<ProgressCallback>,
    ) -> std::io::Result<ReadFileChunk<std::fs::File>> {
        ReadFileChunk::from_filename(path, start_byte, size, callbacks, false)
    }

    /// Opens `path` with a Python-style mode: `"rb"` (read) or `"wb"` (create/truncate, write).
    pub fn open(&self, path: &Path, mode: &str) -> std::io::Result<std::fs::File> {
        match mode {
            "rb" | "r" => std::fs::File::open(path),
            "wb" | "w" => std::fs::File::create(path),
            other => Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("unsupported mode {other:?}"))),
        }
    }

    /// Removes `path`, ignoring every error (a missing file is fine).
    pub fn remove_file(&self, path: &Path) {
        let _ = std::fs::remove_file(path);
    }

    /// Renames `src` over `dst` (replacing it).
    pub fn rename_file(&self, src: &Path, dst: &Path) -> std::io::Result<()> {
        std::fs::rename(src, dst)
    }

    /// True for an existing character/block device, FIFO or socket.
    pub fn is_special_file(&self, path: &Path) -> bool {
        is_special_file(path)
    }

    /// A random temp name next to `path` (`<name>.<8 random hex>`, at most 255 bytes).
    pub fn get_temp_filename(&self, path: &Path) -> PathBuf {
        temp_filename(path)
    }

    /// Creates/truncates `path` and sizes it to `size` bytes; on error the file is removed.
    pub fn allocate(&self, path: &Path, size: u64) -> std::io::Result<()> {
        let r = std::fs::File::create(path).and_then(|f| f.set_len(size));
        if r.is_err() {
            self.remove_file(path);
        }
        r
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_file_chunk_bounds_seek_and_close() {
        use std::io::{Read, Seek, SeekFrom};
        use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
        let seen = std::sync::Arc::new(AtomicI64::new(0));
        let s2 = seen.clone();
        let cb: ProgressCallback = std::sync::Arc::new(move |n| {
            s2.fetch_add(n, Ordering::SeqCst);
        });
        let mut c = ReadFileChunk::new(std::io::Cursor::new(vec![1u8; 100]), 30, 100, vec![cb], false).unwrap();
        let mut buf = [0u8; 50];
        assert_eq!(c.read(&mut buf).unwrap(), 30);
        assert_eq!(seen.load(Ordering::SeqCst), 0, "disabled");
        c.signal_transferring();
        c.seek(SeekFrom::Start(10)).unwrap();
        assert_eq!(seen.load(Ordering::SeqCst), -20);
        c.seek(SeekFrom::End(0)).unwrap();
        assert_eq!(seen.load(Ordering::SeqCst), 0);
        c.seek(SeekFrom::Current(500)).unwrap(); // beyond the window: clamped report
        assert_eq!(seen.load(Ordering::SeqCst), 0);
        assert_eq!(c.read(&mut buf).unwrap(), 0);
        let closed = std::sync::Arc::new(AtomicBool::new(false));
        let c2 = closed.clone();
        c.add_close_callback(move || c2.store(true, Ordering::SeqCst));
        c.disable_callback();
        c.close();
        assert!(!closed.load(Ordering::SeqCst), "no close callbacks while disabled, as upstream");
    }

    #[test]
    fn os_utils_allocate_failure_removes_and_remove_missing_ok() {
        let dir = tempfile::tempdir().unwrap();
        OsUtils.remove_file(&dir.path().join("missing"));
        assert!(OsUtils.allocate(&dir.path().join("no/such/dir/f"), 10).is_err());
        assert!(OsUtils.open(&dir.path().join("x"), "ab").is_err());
    }


    fn counting_callback() -> (std::sync::Arc<std::sync::Mutex<Vec<i64>>>, ProgressCallback) {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let s2 = seen.clone();
        (seen, std::sync::Arc::new(move |n| s2.lock().unwrap().push(n)))
    }

    #[test]
    fn deferred_open_file_opens_on_first_read_at_start_byte() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.bin");
        // Constructed while the file does not exist: nothing is opened, name and tell work.
        let mut f = DeferredOpenFile::new(&path, 3);
        assert_eq!(f.name(), path.as_path());
        assert_eq!(f.start_byte(), 3);
        assert_eq!(f.tell().unwrap(), 3);
        assert!(!f.is_open() && f.get_ref().is_none());
        std::fs::write(&path, b"abcdefgh").unwrap();
        let mut buf = [0u8; 2];
        f.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"de");
        assert!(f.is_open());
        assert_eq!(f.tell().unwrap(), 5);
        // Replacing the file now does not affect the handle already open (it was opened once).
        std::fs::remove_file(&path).unwrap();
        let mut rest = Vec::new();
        f.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"fgh");
        f.close();
    }

    #[test]
    fn deferred_open_file_injected_opener_counts_calls_and_retries_after_error() {
        use std::io::{Read, Seek, SeekFrom};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = std::sync::Arc::new(AtomicUsize::new(0));
        let c2 = calls.clone();
        let mut f = DeferredOpenFile::with_opener("virtual/name", 2, move |p: &Path| {
            assert_eq!(p, Path::new("virtual/name"));
            if c2.fetch_add(1, Ordering::SeqCst) == 0 {
                return Err(std::io::Error::other("first open fails"));
            }
            Ok(std::io::Cursor::new(b"0123456789".to_vec()))
        });
        // Constructing, naming, telling, flushing and a ReadFileChunk over it do not open.
        assert_eq!(f.name(), Path::new("virtual/name"));
        assert_eq!(f.stream_position().unwrap(), 2);
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        let mut buf = [0u8; 3];
        assert_eq!(f.read(&mut buf).unwrap_err().to_string(), "first open fails");
        assert!(!f.is_open());
        f.read_exact(&mut buf).unwrap(); // tried again
        assert_eq!(&buf, b"234");
        assert_eq!(f.seek(SeekFrom::Start(8)).unwrap(), 8); // absolute in the file
        f.read_exact(&mut buf[..2]).unwrap();
        assert_eq!(&buf[..2], b"89");
        assert_eq!(calls.load(Ordering::SeqCst), 2, "opened once after the failure");

        // Inside a ReadFileChunk: constructing it does not open; the window starts at start_byte.
        let opened = std::sync::Arc::new(AtomicUsize::new(0));
        let o2 = opened.clone();
        let inner = DeferredOpenFile::with_opener("x", 4, move |_p: &Path| {
            o2.fetch_add(1, Ordering::SeqCst);
            Ok(std::io::Cursor::new(b"0123456789".to_vec()))
        });
        let (seen, cb) = counting_callback();
        let mut chunk = ReadFileChunk::new(inner, 3, 10, vec![cb], true).unwrap();
        assert_eq!((chunk.len(), opened.load(Ordering::SeqCst)), (3, 0));
        let mut s = String::new();
        chunk.read_to_string(&mut s).unwrap();
        assert_eq!((s.as_str(), opened.load(Ordering::SeqCst)), ("456", 1));
        assert_eq!(seen.lock().unwrap().iter().sum::<i64>(), 3);
    }

    #[test]
    fn deferred_open_file_write_modes() {
        use std::io::{Seek, SeekFrom, Write};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let mut w = DeferredOpenFile::with_mode(&path, 0, "wb").unwrap();
        w.flush().unwrap();
        assert!(!path.exists(), "flush does not open");
        w.write_all(b"hello world").unwrap();
        drop(w);
        let mut w = DeferredOpenFile::with_mode(&path, 6, "r+b").unwrap();
        w.write_all(b"WORLD").unwrap();
        assert_eq!(w.seek(SeekFrom::End(0)).unwrap(), 11);
        w.close();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello WORLD");
        for bad in ["", "q", "rw", "r++", "rbb"] {
            assert!(DeferredOpenFile::with_mode(&path, 0, bad).is_err(), "{bad}");
        }
        for good in ["r", "rb", "rb+", "r+b", "w", "wb+", "ab", "a+", "xb"] {
            assert!(DeferredOpenFile::with_mode(&path, 0, good).is_ok(), "{good}");
        }
        // "xb" refuses an existing file, at first use.
        let mut x = DeferredOpenFile::with_mode(&path, 0, "xb").unwrap();
        assert_eq!(x.write(b"x").unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn stream_reader_progress_reports_bytes_read() {
        use std::io::Read;
        let (seen, cb) = counting_callback();
        let (seen2, cb2) = counting_callback();
        let data = vec![7u8; 10_000];
        let mut r = StreamReaderProgress::new(std::io::Cursor::new(data.clone()), vec![cb, cb2]);
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(r.read(&mut buf).unwrap(), 0);
        assert_eq!(r.read(&mut []).unwrap(), 0);
        assert_eq!(out, data);
        assert_eq!(*seen.lock().unwrap(), vec![4096, 4096, 1808], "one call per non-empty read, none for 0");
        assert_eq!(*seen2.lock().unwrap(), *seen.lock().unwrap());
        assert_eq!(r.into_inner().position(), 10_000);
        // A failing read reports nothing.
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("boom"))
            }
        }
        let (seen, cb) = counting_callback();
        assert!(StreamReaderProgress::new(Failing, vec![cb]).read(&mut buf).is_err());
        assert!(seen.lock().unwrap().is_empty());
    }

    #[test]
    fn stream_reader_progress_async() {
        use tokio::io::AsyncReadExt;
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let (seen, cb) = counting_callback();
            let data = vec![1u8; 100_000];
            let mut r = StreamReaderProgress::new(&data[..], vec![cb]);
            let mut out = Vec::new();
            r.read_to_end(&mut out).await.unwrap();
            assert_eq!(out, data);
            let seen = seen.lock().unwrap();
            assert!(seen.iter().all(|&n| n > 0), "no 0-byte report: {seen:?}");
            assert_eq!(seen.iter().sum::<i64>(), 100_000);
        });
    }
}