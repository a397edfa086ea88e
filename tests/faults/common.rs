//! Helpers of the fault matrix: managers, bounded waits, a progress recorder, the checks every case
//! makes (destination complete or absent, nothing left on the server, CRT callback states reclaimed).
//! Copied in part from `tests/classic_transfers/common.rs` (only what these cases need).
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub use s3transfer::{
    CopySource, Engine, ExtraArgs, Subscriber, TransferError, TransferFuture,
    TransferManager, UploadSource,
};

pub use crate::support::*;

/// Runs one case for `engine`. CRT cases run one at a time within a process (the live callback-state
/// count is process-global; under nextest each test is its own process anyway), and once the case and
/// its manager are gone every CRT meta-request's callback state must have been reclaimed.
pub fn run(engine: Engine, case: impl FnOnce()) {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = (engine == Engine::Crt).then(|| LOCK.lock().unwrap_or_else(|e| e.into_inner()));
    case();
    assert_crt_callback_states_drained(engine);
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
