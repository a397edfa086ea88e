//! `ProcessPoolDownloader` against the real in-process S3 server.

#[path = "support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Duration;

use s3transfer::processpool::{ProcessPoolDownloader, ProcessTransferConfig};
use s3transfer::{ExtraArgs, TransferError};
use support::{test_bytes, TestServer};

const BUCKET: &str = "pp-bucket";
const MIB: usize = 1024 * 1024;
const WAIT: Duration = Duration::from_secs(60);

fn pool(server: &TestServer, workers: usize) -> ProcessPoolDownloader {
    let endpoint = server.endpoint();
    let cfg = ProcessTransferConfig { multipart_threshold: 2 * MIB as u64, multipart_chunksize: MIB as u64, max_request_processes: workers };
    ProcessPoolDownloader::new(Arc::new(move || support::sdk_client_for(&endpoint, support::SECRET_KEY)), cfg)
}

/// Names of this process's pool threads still alive.
fn pool_threads() -> Vec<String> {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .map(|s| s.trim().to_owned())
        .filter(|n| n.starts_with("s3transfer-pp"))
        .collect()
}

#[test]
fn many_files_bytes_equal_and_no_thread_left() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let sizes = [0usize, 1000, 2 * MIB, 5 * MIB + 7];
    for (i, s) in sizes.iter().enumerate() {
        server.put_object_bytes(BUCKET, &format!("k{i}"), &test_bytes(*s, i as u64));
    }
    let p = pool(&server, 3);
    let futs: Vec<_> = (0..sizes.len())
        .map(|i| {
            let expected = if i == 1 { Some(1000) } else { None };
            p.download_file(BUCKET, &format!("k{i}"), dir.path().join(format!("f{i}")), None, expected).unwrap()
        })
        .collect();
    for (i, f) in futs.iter().enumerate() {
        assert_eq!(f.meta().transfer_id, i as u64);
        f.result_timeout(WAIT).unwrap();
        assert!(f.done());
        assert!(std::fs::read(dir.path().join(format!("f{i}"))).unwrap() == test_bytes(sizes[i], i as u64), "file {i}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), sizes.len(), "no temp files");
    assert!(!pool_threads().is_empty());
    p.shutdown();
    assert!(pool_threads().is_empty(), "threads left: {:?}", pool_threads());
    p.shutdown(); // twice is fine
}

#[test]
fn bad_extra_args_are_refused_at_once() {
    let server = TestServer::start();
    let p = pool(&server, 1);
    let e = p.download_file(BUCKET, "k", "/tmp/never", Some(&ExtraArgs::new().set("ACL", "private")), None).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }), "{e}");
    p.shutdown(); // never started: no-op
}

#[test]
fn missing_object_reports_error_and_leaves_nothing() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let p = pool(&server, 2);
    let f = p.download_file(BUCKET, "missing", dir.path().join("x"), None, None).unwrap();
    let e = f.result_timeout(WAIT).unwrap_err();
    assert_eq!(e.http_status(), Some(404), "{e}");
    // A wrong expected size makes the ranged GETs fail after the temp file was allocated.
    server.put_object_bytes(BUCKET, "small", b"abc");
    let f = p.download_file(BUCKET, "small", dir.path().join("y"), None, Some(10 * MIB as u64)).unwrap();
    assert!(f.result_timeout(WAIT).is_err());
    p.shutdown();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial or temp file");
}

#[test]
fn cancel_leaves_no_file_and_no_thread() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "big", &test_bytes(32 * MIB, 9));
    let dir = tempfile::tempdir().unwrap();
    let p = pool(&server, 1);
    let f = p.download_file(BUCKET, "big", dir.path().join("big"), None, None).unwrap();
    let g = p.download_file(BUCKET, "big", dir.path().join("big2"), None, None).unwrap();
    f.cancel();
    p.cancel_all(); // cancels g too
    let e = f.result_timeout(WAIT).unwrap_err();
    assert!(e.is_cancelled(), "{e}");
    assert!(g.result_timeout(WAIT).unwrap_err().is_cancelled());
    p.shutdown();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial or temp file");
    assert!(pool_threads().is_empty());
}

/// Measurement (run by hand: `cargo nextest run --test processpool --run-ignored only --no-capture`):
/// the same 16 × 4 MiB downloads with 1 and with 4 worker threads; wall time and this process's
/// CPU time. Worker threads run GETs in parallel in one process (no interpreter lock), which is
/// what Python needed worker processes for.
#[test]
#[ignore]
fn measure_worker_threads_scale() {
    fn cpu_secs() -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let f: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
        (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
    }
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    for i in 0..16 {
        server.put_object_bytes(BUCKET, &format!("m{i}"), &test_bytes(4 * MIB, i));
    }
    for workers in [1, 4] {
        let dir = tempfile::tempdir().unwrap();
        let p = pool(&server, workers);
        let (t0, c0) = (std::time::Instant::now(), cpu_secs());
        let futs: Vec<_> =
            (0..16).map(|i| p.download_file(BUCKET, &format!("m{i}"), dir.path().join(format!("m{i}")), None, None).unwrap()).collect();
        for f in &futs {
            f.result_timeout(WAIT).unwrap();
        }
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_secs() - c0);
        p.shutdown();
        eprintln!("{workers} worker thread(s): 64 MiB in {wall:.2} s wall ({:.0} MiB/s), {cpu:.2} s CPU (client + in-process server)", 64.0 / wall);
    }
}

/// A worker that dies mid-download (here: its client factory panics) is a clear error, nothing is
/// left at the destination, and shutdown does not hang.
#[test]
fn panicking_worker_is_a_clear_error() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", &test_bytes(3 * MIB, 1));
    let dir = tempfile::tempdir().unwrap();
    let endpoint = server.endpoint();
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let c2 = calls.clone();
    // The submitter's client works (first call); every worker's client factory panics.
    let factory = move || {
        if c2.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            support::sdk_client_for(&endpoint, support::SECRET_KEY)
        } else {
            panic!("worker client factory failed")
        }
    };
    let cfg = ProcessTransferConfig { multipart_threshold: 2 * MIB as u64, multipart_chunksize: MIB as u64, max_request_processes: 2 };
    let p = ProcessPoolDownloader::new(Arc::new(factory), cfg);
    let f = p.download_file(BUCKET, "obj", dir.path().join("obj"), None, None).unwrap();
    let e = f.result_timeout(WAIT).unwrap_err();
    assert!(matches!(&e, TransferError::Fatal { message } if message.contains("worker panicked")), "{e:?}");
    p.shutdown();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial or temp file");
    assert!(pool_threads().is_empty());
}
