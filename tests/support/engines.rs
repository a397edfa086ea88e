//! How a behaviour test runs on both engines: written once as `fn name(engine: Engine)`, registered
//! beside its definition by [`engine_tests!`], which makes `classic::name` and (with the `crt`
//! feature) `crt::name`, and says there how the test differs on the CRT engine, if it does.
//!
//! Tests that may start CRT meta-requests hold [`serial`] while they run: the count of live CRT
//! callback states is process-global, and under `cargo test` the tests of a binary are threads of
//! one process. Once such a test and its manager are gone, [`assert_crt_released`] checks that
//! every callback state was reclaimed.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use s3transfer::{CopySource, DownloadTarget, Engine, ExtraArgs, TransferError, TransferFuture, UploadSource};

use super::*;

/// The one lock of the test process, held by every test that may run a CRT meta-request (and by
/// tests that need the process's threads or global state to themselves).
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a manager configured with `engine` may start CRT meta-requests.
pub fn may_use_crt(engine: Engine) -> bool {
    cfg!(feature = "crt") && engine != Engine::Classic
}

/// Every CRT meta-request's callback state is reclaimed once the test's managers are gone (within
/// 20 s: the CRT finishes its shutdown callbacks on its own threads). Call with [`serial`] held.
#[track_caller]
pub fn assert_crt_released() {
    #[cfg(feature = "crt")]
    {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        wait_until(deadline, || s3transfer::crt::live_callback_states() == 0);
        assert_eq!(
            s3transfer::crt::live_callback_states(),
            0,
            "CRT meta-request callback states still alive after the test's manager was dropped"
        );
    }
}

/// Runs a test that uses `engine`: serialised and checked for released CRT state when the engine
/// may use the CRT.
pub fn run_on(engine: Engine, test: impl FnOnce()) {
    if !may_use_crt(engine) {
        return test();
    }
    let _serial = serial();
    test();
    assert_crt_released();
}

/// How a behaviour test runs on the CRT engine.
pub enum OnCrt<'a> {
    /// The same test.
    Same(&'a dyn Fn()),
    /// `Engine::Crt` refuses the test's kind of transfer: that refusal is asserted instead.
    Refused(Refused, &'static str),
    /// A CRT-specific version of the test (same intent, a transfer the CRT engine runs).
    Variant(&'a dyn Fn(), &'static str),
}

/// Runs the CRT instance of behaviour test `name`.
pub fn run_crt(name: &str, how: OnCrt<'_>) {
    run_on(Engine::Crt, || match how {
        OnCrt::Same(test) => test(),
        OnCrt::Refused(what, why) => {
            eprintln!("{name} differs on the CRT engine: {why}");
            assert_crt_refuses(what)
        }
        OnCrt::Variant(variant, why) => {
            eprintln!("{name} differs on the CRT engine: {why}");
            variant()
        }
    })
}

/// Registers behaviour tests defined in this module as `fn name(engine: Engine)`: `classic::name`
/// and `crt::name` for each. An entry may say how the CRT run differs:
/// `name => refused(Refused::X, "why")` or `name => variant(other_fn, "why")`. A test that is not
/// registered is dead code, which the suite denies.
macro_rules! engine_tests {
    ($($name:ident $(=> $how:ident ($($arg:tt)*))?),+ $(,)?) => {
        mod classic {
            $(
                #[test]
                fn $name() {
                    crate::support::run_on(s3transfer::Engine::Classic, || super::$name(s3transfer::Engine::Classic))
                }
            )+
        }
        #[cfg(feature = "crt")]
        mod crt {
            $(
                #[test]
                fn $name() {
                    crate::support::run_crt(stringify!($name), engine_tests!(@on_crt $name $(, $how($($arg)*))?))
                }
            )+
        }
    };
    (@on_crt $name:ident) => {
        crate::support::OnCrt::Same(&|| super::$name(s3transfer::Engine::Crt))
    };
    (@on_crt $name:ident, refused($what:ident, $why:expr)) => {
        crate::support::OnCrt::Refused(crate::support::Refused::$what, $why)
    };
    (@on_crt $name:ident, variant($variant:ident, $why:expr)) => {
        crate::support::OnCrt::Variant(&super::$variant, $why)
    };
}

/// For a test whose transfer the CRT engine cannot run (`Engine::Crt` refuses it synchronously):
/// asserts the documented refusal and returns `None`, else the started future.
#[track_caller]
pub fn crt_refuses(engine: Engine, started: s3transfer::Result<TransferFuture>, reason: &str) -> Option<TransferFuture> {
    if engine != Engine::Crt {
        return Some(started.expect("start"));
    }
    match started {
        Err(TransferError::InvalidArgument { message }) => {
            assert!(message.contains("Engine::Auto"), "refusal should point to Engine::Auto: {message}");
            eprintln!("CRT engine refuses this transfer as documented ({reason}): {message}");
            None
        }
        other => panic!("Engine::Crt should refuse this transfer ({reason}), got {other:?}"),
    }
}

/// What `Engine::Crt` refuses instead of running a test's transfer.
#[derive(Clone, Copy, Debug)]
pub enum Refused {
    /// An upload from a stream of unknown length.
    StreamUpload,
    /// A download into a writer.
    WriterDownload,
    /// A download onto a FIFO.
    FifoDownload,
    /// A copy with a separate source client.
    SourceClientCopy,
    /// A copy of an SSE-C source.
    SseCSourceCopy,
}

fn expect_refusal(what: Refused, r: s3transfer::Result<TransferFuture>) {
    match r {
        Err(TransferError::InvalidArgument { message }) => {
            assert!(message.contains("Engine::Auto") || message.contains("Engine::Classic"), "{what:?}: {message}")
        }
        other => panic!("{what:?}: Engine::Crt should refuse synchronously, got {other:?}"),
    }
}

fn assert_crt_refuses(what: Refused) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"data");
    let tm = manager(server.sdk_client(), s3transfer::TransferConfig { engine: Engine::Crt, ..Default::default() });
    let dir = tempfile::tempdir().unwrap();
    let started = match what {
        Refused::StreamUpload => tm.upload(UploadSource::reader(std::io::Cursor::new(b"abc".to_vec())), BUCKET, "k").start(),
        Refused::WriterDownload => tm.download(BUCKET, "obj", DownloadTarget::writer(tokio::io::sink())).start(),
        Refused::FifoDownload => {
            let fifo = dir.path().join("fifo");
            let st = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
            assert!(st.success());
            tm.download(BUCKET, "obj", fifo).start()
        }
        Refused::SourceClientCopy => tm.copy(CopySource::new(BUCKET, "obj"), BUCKET, "copy").source_client(server.sdk_client()).start(),
        Refused::SseCSourceCopy => tm
            .copy(CopySource::new(BUCKET, "obj"), BUCKET, "copy")
            .extra_args(
                ExtraArgs::new()
                    .set("CopySourceSSECustomerAlgorithm", "AES256")
                    .set("CopySourceSSECustomerKey", "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="),
            )
            .start(),
    };
    expect_refusal(what, started);
    // Nothing was started: no transfer is tracked and the same manager still works.
    assert!(tm.unfinished().is_empty());
    let ok = tm.download(BUCKET, "obj", dir.path().join("file")).start().expect("file download");
    finish_ok(&ok);
    assert_eq!(ok.meta().engine(), Engine::Crt);
    assert_eq!(std::fs::read(dir.path().join("file")).unwrap(), b"data");
}

/// Runs `body` in a process of its own: the test re-runs its own binary for just this test (`name`,
/// its full path as `cargo test` lists it) and passes if that child passes. For tests that need the
/// process to themselves (a tracking allocator chosen at the CRT's first call, a global `tracing`
/// subscriber, a count of the process's threads). In the child, `body` runs.
pub fn in_own_process(name: &str, body: impl FnOnce()) {
    const CHILD: &str = "S3TRANSFER_TEST_OWN_PROCESS";
    if std::env::var(CHILD).as_deref() == Ok(name) {
        return body();
    }
    let exe = std::env::current_exe().expect("test binary");
    let mut child = std::process::Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("re-run the test binary");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    // Bounded: a child that hangs is killed and the test fails.
    let deadline = std::time::Instant::now() + OWN_PROCESS_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = reader.join().unwrap_or_default();
    print!("{out}");
    let status = status.unwrap_or_else(|| panic!("{name} did not finish within {OWN_PROCESS_LIMIT:?} in its own process"));
    assert!(status.success(), "{name} failed in its own process ({status})");
    assert!(out.contains("1 passed"), "{name}: the child process ran no such test:\n{out}");
}

/// The longest a test run by [`in_own_process`] may take.
const OWN_PROCESS_LIMIT: Duration = Duration::from_secs(300);
