//! Transfer helpers shared by the behaviour suite and the fault matrix: managers, bounded waits, and
//! checks on local files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use s3transfer::{Engine, ExtraArgs, Subscriber, TransferConfig, TransferError, TransferFuture, TransferManager};

use super::recording::RecordedRequest;
use super::*;

pub const BUCKET: &str = "test-bucket";

pub const KIB: usize = 1024;

pub const MIB: usize = 1024 * 1024;

/// Every wait on a transfer is bounded by this; a transfer that takes longer is a failure.
pub const WAIT: Duration = Duration::from_secs(60);

/// A config with the given multipart threshold and chunksize (bytes).
pub fn config_sized(engine: Engine, threshold: usize, chunksize: usize) -> TransferConfig {
    TransferConfig {
        engine,
        multipart_threshold: threshold as u64,
        multipart_chunksize: chunksize as u64,
        ..Default::default()
    }
}

pub fn manager(client: aws_sdk_s3::Client, cfg: TransferConfig) -> TransferManager {
    TransferManager::new(client, cfg).expect("TransferManager::new")
}

/// Waits for a transfer (at most [`WAIT`]); a timeout fails the test instead of returning `Timeout`.
pub fn finish(fut: &TransferFuture) -> Result<(), TransferError> {
    match fut.result_timeout(WAIT) {
        Err(TransferError::Timeout) => panic!("transfer {} did not finish within {WAIT:?}", fut.meta().transfer_id()),
        other => other,
    }
}

/// Waits for a transfer and requires success.
pub fn finish_ok(fut: &TransferFuture) {
    if let Err(e) = finish(fut) {
        panic!("transfer failed: {e} ({e:?})");
    }
}

/// Waits for a transfer and requires failure, returning the error.
pub fn finish_err(fut: &TransferFuture) -> TransferError {
    match finish(fut) {
        Ok(()) => panic!("transfer succeeded but was expected to fail"),
        Err(e) => e,
    }
}

/// A synchronous error from `start()`, or the error the future resolves to: the tests accept either
/// where the contract leaves the timing open (e.g. a missing source file).
pub fn start_result(started: s3transfer::Result<TransferFuture>) -> Result<(), TransferError> {
    match started {
        Err(e) => Err(e),
        Ok(fut) => finish(&fut),
    }
}

/// Runs `f` on another thread and fails the test if it does not return within `limit`
/// (for calls that block by design, e.g. `shutdown`).
pub fn within<T: Send + 'static>(limit: Duration, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(_) => panic!("{what} did not return within {limit:?}"),
    }
}

/// Polls `cond` (every 5 ms) until it holds or `deadline` passes; returns whether it held.
pub fn wait_until(deadline: std::time::Instant, mut cond: impl FnMut() -> bool) -> bool {
    loop {
        if cond() {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Writes `data` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

/// The file names in a directory, sorted (to prove no temp file was left behind).
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Fails with a readable message when two large byte strings differ.
#[track_caller]
pub fn assert_bytes_eq(got: &[u8], want: &[u8], what: &str) {
    if got != want {
        let first = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
        panic!("{what}: {} bytes, expected {} bytes; first difference at offset {first}", got.len(), want.len());
    }
}

/// SSE-C arguments for a fixed 256-bit key, and the three headers they must produce.
pub fn sse_c_args() -> (ExtraArgs, [(&'static str, String); 3]) {
    use md5::Digest;
    let key = [7u8; 32];
    let key_b64 = aws_smithy_types::base64::encode(key);
    let md5_b64 = aws_smithy_types::base64::encode(md5::Md5::digest(key));
    let args = ExtraArgs::new()
        .set("SSECustomerAlgorithm", "AES256")
        .set("SSECustomerKey", key_b64.clone())
        .set("SSECustomerKeyMD5", md5_b64.clone());
    let headers = [
        ("x-amz-server-side-encryption-customer-algorithm", "AES256".to_owned()),
        ("x-amz-server-side-encryption-customer-key", key_b64),
        ("x-amz-server-side-encryption-customer-key-md5", md5_b64),
    ];
    (args, headers)
}

/// Asserts a recorded request carries the SSE-C headers.
#[track_caller]
pub fn assert_sse_c(req: &RecordedRequest, headers: &[(&'static str, String); 3]) {
    for (name, value) in headers {
        assert_eq!(req.header(name), Some(value.as_str()), "{} {} must carry {name}", req.op, req.uri);
    }
}

/// Names of this process's threads whose name starts with one of `prefixes` (Linux:
/// `/proc/self/task/*/comm`), e.g. to check that a manager's or a pool's threads are gone. A thread
/// already exiting (`PF_EXITING` in its `stat` flags) is not counted: it runs no more code, and the
/// kernel may still list it for a moment after `pthread_join` returned.
pub fn threads_named(prefixes: &[&str]) -> Vec<String> {
    const PF_EXITING: u64 = 0x4;
    let exiting = |task: &std::path::Path| {
        let stat = std::fs::read_to_string(task.join("stat")).unwrap_or_default();
        // pid (comm) state ppid pgrp session tty_nr tpgid flags ...; comm may hold spaces.
        let flags = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(6)?.parse::<u64>().ok());
        flags.is_none_or(|f| f & PF_EXITING != 0)
    };
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|t| {
            let task = t.ok()?.path();
            let name = std::fs::read_to_string(task.join("comm")).ok()?.trim().to_owned();
            (prefixes.iter().any(|p| name.starts_with(p)) && !exiting(&task)).then_some(name)
        })
        .collect()
}

/// The download check of every case: `dest` is either exactly `want` or absent, and the directory
/// holds nothing else than `expected_others` (no temp file left behind).
#[track_caller]
pub fn assert_complete_or_absent(dest: &Path, want: &[u8], expected_others: &[&str]) {
    let name = dest.file_name().unwrap().to_string_lossy().into_owned();
    if dest.exists() {
        assert_bytes_eq(&std::fs::read(dest).unwrap(), want, "destination file");
    }
    let mut names = dir_names(dest.parent().unwrap());
    names.retain(|n| *n != name);
    let mut others: Vec<String> = expected_others.iter().map(|s| s.to_string()).collect();
    others.sort();
    assert_eq!(names, others, "no temp file left next to the destination");
}

/// The upload check of every case: the object is exactly `want` or absent, and no multipart upload
/// is left open.
#[track_caller]
pub fn assert_object_complete_or_absent(server: &TestServer, key: &str, want: &[u8]) {
    if let Some(got) = server.object_bytes(BUCKET, key) {
        assert_bytes_eq(&got, want, "stored object");
    }
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "no multipart upload left open");
}

/// An aws-sdk-s3 client for `endpoint` with explicit timeouts (read timeout and stalled-stream
/// protection grace period both `stall`), as a user sets them to bound a stalled connection.
pub fn sdk_client_with_timeouts(endpoint: &str, stall: Duration) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::{StalledStreamProtectionConfig, timeout::TimeoutConfig};
    let base = sdk_client_for(endpoint, SECRET_KEY);
    let conf = base
        .config()
        .to_builder()
        .timeout_config(TimeoutConfig::builder().read_timeout(stall).connect_timeout(stall).build())
        .stalled_stream_protection(StalledStreamProtectionConfig::enabled().grace_period(stall).build())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

// ---------------------------------------------------------------------------------------------
// Progress

/// Records progress and `on_done`; can wait for a number of bytes.
#[derive(Default)]
pub struct Progress {
    state: Mutex<(i64, bool)>,
    cv: Condvar,
}

impl Progress {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn total(&self) -> i64 {
        self.state.lock().unwrap().0
    }

    /// Blocks until at least `bytes` of progress were reported (bounded by [`WAIT`]); `false` if the
    /// transfer finished first.
    pub fn wait(&self, bytes: i64) -> bool {
        let deadline = Instant::now() + WAIT;
        let mut st = self.state.lock().unwrap();
        loop {
            if st.0 >= bytes {
                return true;
            }
            if st.1 {
                return false;
            }
            let now = Instant::now();
            assert!(now < deadline, "no {bytes} bytes of progress within {WAIT:?} (saw {})", st.0);
            st = self.cv.wait_timeout(st, deadline - now).unwrap().0;
        }
    }
}

impl Subscriber for Progress {
    fn on_progress(&self, _future: &TransferFuture, bytes_transferred: i64) {
        // A failed wait (the test's panic) poisons the lock; the transfer's callbacks carry on.
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 += bytes_transferred;
        self.cv.notify_all();
    }
    fn on_done(&self, _future: &TransferFuture) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.cv.notify_all();
    }
}

// ---------------------------------------------------------------------------------------------
// File systems

/// A small tmpfs mounted on a temp directory (unmounted on drop); `None` when mounting is not
/// possible here (not root, no tmpfs), in which case the case says so and is skipped.
pub struct Tmpfs {
    dir: Option<tempfile::TempDir>,
}

impl Tmpfs {
    pub fn mount(options: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        ok.then_some(Self { dir: Some(dir) })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().unwrap().path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::process::Command::new("umount").arg("-l").arg(dir.path()).status();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

/// What an upload's S3 error looks like: the classic engine reports the original
/// [`TransferError::Service`] (as Python's `TransferManager` re-raises the `ClientError`); the CRT
/// engine wraps it in [`TransferError::S3UploadFailed`] (documented in `crt_engine`). The accessors
/// see through both.
#[track_caller]
pub fn assert_upload_service_error(engine: Engine, err: &TransferError, status: u16, code: &str) {
    assert_eq!(err.http_status(), Some(status), "{err:?}");
    assert_eq!(err.s3_code(), Some(code), "{err:?}");
    assert!(!err.is_cancelled(), "the original error, not a cancellation: {err:?}");
    match (engine, err) {
        (Engine::Crt, TransferError::S3UploadFailed { cause, .. }) => {
            assert!(matches!(**cause, TransferError::Service { .. }), "{err:?}")
        }
        (Engine::Classic, TransferError::Service { .. }) => {}
        _ => panic!("unexpected variant for an upload's S3 error on {engine:?}: {err:?}"),
    }
}

/// A download's (or single request's) S3 error: [`TransferError::Service`] on both engines.
#[track_caller]
pub fn assert_service_error(err: &TransferError, status: u16, code: &str) {
    assert!(matches!(err, TransferError::Service { .. }), "expected Service, got {err:?}");
    assert_eq!(err.http_status(), Some(status), "{err:?}");
    assert_eq!(err.s3_code(), Some(code), "{err:?}");
    assert!(!err.is_cancelled(), "{err:?}");
}

/// An aws-sdk-s3 client for `endpoint` that makes `attempts` attempts per request with short
/// backoff (what a user who expects SlowDown bursts configures).
pub fn sdk_client_with_attempts(endpoint: &str, attempts: u32) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::retry::RetryConfig;
    let base = sdk_client_for(endpoint, SECRET_KEY);
    let conf = base
        .config()
        .to_builder()
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(200)),
        )
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}
