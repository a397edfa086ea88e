//! What the behaviour suite checks in addition on CRT runs, and how tests that must differ on the
//! CRT engine say so.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use s3transfer::Engine;

/// Serialises CRT runs when the suite runs as threads of one process (`cargo test`): the live
/// callback-state count is process-global. Under nextest every test is its own process.
fn serial(engine: Engine) -> Option<MutexGuard<'static, ()>> {
    static LOCK: Mutex<()> = Mutex::new(());
    (engine == Engine::Crt).then(|| LOCK.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Runs one behaviour test for `engine`. On CRT runs, once the test (and with it its manager) is
/// done, every CRT meta-request's callback state must have been reclaimed: nothing is left running
/// or leaked.
pub fn run(engine: Engine, test: impl FnOnce()) {
    let _guard = serial(engine);
    test();
    #[cfg(feature = "crt")]
    if engine == Engine::Crt {
        let deadline = Instant::now() + Duration::from_secs(20);
        while s3transfer::crt::live_callback_states() != 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(
            s3transfer::crt::live_callback_states(),
            0,
            "CRT meta-request callback states still alive after the test's manager was dropped"
        );
    }
}

/// For a test whose transfer the CRT engine cannot run (`Engine::Crt` refuses it synchronously):
/// asserts the documented refusal and returns `true` so the test can stop there.
#[track_caller]
pub fn crt_refuses(engine: Engine, started: s3transfer::Result<s3transfer::TransferFuture>, reason: &str) -> Option<s3transfer::TransferFuture> {
    if engine != Engine::Crt {
        return Some(started.expect("start"));
    }
    match started {
        Err(s3transfer::TransferError::InvalidArgument { message }) => {
            assert!(message.contains("Engine::Auto"), "refusal should point to Engine::Auto: {message}");
            eprintln!("CRT engine refuses this transfer as documented ({reason}): {message}");
            None
        }
        other => panic!("Engine::Crt should refuse this transfer ({reason}), got {other:?}"),
    }
}
