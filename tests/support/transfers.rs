//! Transfer helpers shared by the behaviour suite and the fault matrix: managers, bounded waits, and
//! checks on local files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use s3transfer::{Engine, ExtraArgs, TransferConfig, TransferError, TransferFuture, TransferManager};

use super::recording::RecordedRequest;

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

/// On the CRT engine, once a test's manager is gone every meta-request's callback state must have been
/// reclaimed (within 20 s: the CRT finishes its shutdown callbacks on its own threads).
#[track_caller]
pub fn assert_crt_callback_states_drained(engine: Engine) {
    #[cfg(feature = "crt")]
    if engine == Engine::Crt {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while s3transfer::crt::live_callback_states() != 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(
            s3transfer::crt::live_callback_states(),
            0,
            "CRT meta-request callback states still alive after the test's manager was dropped"
        );
    }
    #[cfg(not(feature = "crt"))]
    let _ = engine;
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
