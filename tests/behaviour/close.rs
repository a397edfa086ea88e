//! `TransferManager::close` (and `s3t_manager_free`, which calls it): once it returns, no thread the
//! manager started is left, on either engine — the guarantee a C program needs before it exits or
//! unloads the library. The test runs in a process of its own, so no other test's CRT client shares
//! the process (the CRT's housekeeping threads can only be joined when no event loop group is alive).


use std::time::Duration;

use s3transfer::{Engine, TransferConfig, TransferManager};
use crate::support::{in_own_process, test_bytes, threads_named, wait_until, TestServer};

const BUCKET: &str = "close-bucket";
const MIB: usize = 1024 * 1024;

/// This process's threads that belong to a manager: its tokio runtime ("s3transfer") and the CRT's
/// event loops, DNS resolvers and event-loop cleanup thread.
fn manager_threads() -> Vec<String> {
    threads_named(&["s3transfer", "AwsEventLoop", "AwsHostResolver", "EvntLoopCleanup"])
}

/// Whether a CRT event loop thread runs. A new thread carries its creator's name until it names
/// itself, so on a loaded machine this waits (at most 5 s) for the event loops to do that.
fn event_loops_run() -> bool {
    wait_until(std::time::Instant::now() + Duration::from_secs(5), || {
        manager_threads().iter().any(|n| n.starts_with("AwsEventLoop"))
    })
}

#[test]
fn close_leaves_no_thread_of_the_manager_on_either_engine() {
    // It counts the process's threads, so no other test may run beside it.
    in_own_process("close::close_leaves_no_thread_of_the_manager_on_either_engine", close_leaves_no_thread);
}

fn close_leaves_no_thread() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB, 7);
    let source = dir.path().join("source.bin");
    std::fs::write(&source, &data).unwrap();

    let engines: &[Engine] = if cfg!(feature = "crt") { &[Engine::Classic, Engine::Crt] } else { &[Engine::Classic] };
    for &engine in engines {
        let config = TransferConfig {
            engine,
            multipart_threshold: 5 * MIB as u64,
            multipart_chunksize: 5 * MIB as u64,
            ..TransferConfig::default()
        };
        let tm = TransferManager::new(server.sdk_client(), config).unwrap();
        let key = format!("{engine:?}.bin");
        let target = dir.path().join(format!("{engine:?}.download"));
        tm.upload(source.as_path(), BUCKET, &key).start().unwrap().result().unwrap();
        let download = tm.download(BUCKET, &key, target.as_path()).start().unwrap();
        download.result().unwrap();
        assert_eq!(download.meta().engine(), engine, "the transfer ran on the engine asked for");
        assert!(std::fs::read(&target).unwrap() == data, "{engine:?}: downloaded bytes equal the file");

        let running = manager_threads();
        assert!(running.iter().any(|n| n.starts_with("s3transfer")), "{engine:?}: the manager's threads run: {running:?}");
        if engine == Engine::Crt {
            assert!(event_loops_run(), "the CRT's event loops run: {running:?}");
        }

        assert!(tm.close(Duration::from_secs(20)), "{engine:?}: close finished in time");
        let left = manager_threads();
        assert!(left.is_empty(), "{engine:?}: threads left after close: {left:?}");
        #[cfg(feature = "crt")]
        assert_eq!(s3transfer::crt::live_callback_states(), 0, "no CRT callback state left");
        assert!(download.result().is_ok(), "futures stay valid after close");
    }
    assert!(server.open_multipart_uploads().is_empty());

    // A classic manager starts no CRT thread at all, prepared or not. Neither does an `Auto` manager
    // until prepare() or its first CRT transfer: one used only for a delete (always classic) has no
    // CRT thread, so a short program may drop it and exit at once (a process that exits while the
    // CRT initialises on another thread aborts).
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let classic = TransferManager::new(server.sdk_client(), TransferConfig { engine: Engine::Classic, ..TransferConfig::default() }).unwrap();
    rt.block_on(classic.prepare()).unwrap();
    let running = manager_threads();
    assert!(running.iter().all(|n| n.starts_with("s3transfer")), "a classic manager runs only its runtime: {running:?}");
    assert!(classic.close(Duration::from_secs(20)));
    if cfg!(feature = "crt") {
        let auto = TransferManager::new(server.sdk_client(), TransferConfig::default()).unwrap();
        let delete = auto.delete(BUCKET, "Classic.bin").start().unwrap();
        delete.result().unwrap();
        assert_eq!(delete.meta().engine(), Engine::Classic, "deletes run on the classic engine");
        std::thread::sleep(Duration::from_millis(300));
        let running = manager_threads();
        assert!(running.iter().all(|n| n.starts_with("s3transfer")), "an Auto manager used for a delete runs no CRT thread: {running:?}");
        #[cfg(feature = "crt")]
        assert!(s3transfer::crt::io::no_live_event_loop_groups(), "an Auto manager used for a delete made no CRT client");
        assert!(auto.close(Duration::from_secs(20)));

        let auto = TransferManager::new(server.sdk_client(), TransferConfig::default()).unwrap();
        rt.block_on(auto.prepare()).unwrap();
        assert!(event_loops_run(), "the prepared CRT client's event loops run: {:?}", manager_threads());
        assert!(auto.close(Duration::from_secs(20)), "close finished in time");
        assert_eq!(manager_threads(), Vec::<String>::new(), "threads left after close");

        // Closed while a prepare() that was given up on is still creating the client.
        let auto = TransferManager::new(server.sdk_client(), TransferConfig::default()).unwrap();
        rt.block_on(async {
            let mut prepare = Box::pin(auto.prepare());
            assert!(futures::poll!(&mut prepare).is_pending(), "creating the client takes a while");
        });
        assert!(auto.close(Duration::from_secs(20)), "close finished in time");
        assert_eq!(manager_threads(), Vec::<String>::new(), "threads left after closing during a creation");
    }
}
