//! `ProcessPoolDownloader` against the real in-process S3 server.


use std::sync::Arc;
use std::time::Duration;

use s3transfer::compat::processpool::{ProcessPoolDownloader, ProcessTransferConfig};
use s3transfer::{ExtraArgs, TransferError};
use crate::support::{test_bytes, FaultPlan, FaultProxy, RecordingServer, TestServer};

const BUCKET: &str = "pp-bucket";
const MIB: usize = 1024 * 1024;
const WAIT: Duration = Duration::from_secs(60);

fn pool(server: &TestServer, workers: usize) -> ProcessPoolDownloader {
    let endpoint = server.endpoint();
    let cfg = ProcessTransferConfig { multipart_threshold: 2 * MIB as u64, multipart_chunksize: MIB as u64, max_request_processes: workers, ..Default::default() };
    ProcessPoolDownloader::new(Arc::new(move || crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)), cfg)
}

/// Names of this process's pool threads still alive.
fn pool_threads() -> Vec<String> {
    crate::support::threads_named(&["s3transfer-pp"])
}

#[test]
fn many_files_bytes_equal_and_no_thread_left() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
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
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    let server = TestServer::start();
    let p = pool(&server, 1);
    let e = p.download_file(BUCKET, "k", "/tmp/never", Some(&ExtraArgs::new().set("ACL", "private")), None).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }), "{e}");
    p.shutdown(); // never started: no-op
}

#[test]
fn missing_object_reports_error_and_leaves_nothing() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
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
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
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

/// A worker that dies before its first GET (its client factory panics) is a clear error, nothing is
/// left at the destination, and shutdown does not hang.
#[test]
fn panicking_worker_is_a_clear_error() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
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
            crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)
        } else {
            panic!("worker client factory failed")
        }
    };
    let cfg = ProcessTransferConfig { multipart_threshold: 2 * MIB as u64, multipart_chunksize: MIB as u64, max_request_processes: 2, ..Default::default() };
    let p = ProcessPoolDownloader::new(Arc::new(factory), cfg);
    let f = p.download_file(BUCKET, "obj", dir.path().join("obj"), None, None).unwrap();
    let e = f.result_timeout(WAIT).unwrap_err();
    assert!(matches!(&e, TransferError::Fatal { message } if message.contains("worker panicked")), "{e:?}");
    p.shutdown();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial or temp file");
    assert!(pool_threads().is_empty());
}

/// Panics in the 2nd ranged GetObject the clients of one test send, after checking that the first
/// range's bytes are already in the temp file (so the worker dies mid-download, not before it).
#[derive(Debug)]
struct DieOnSecondRangedGet {
    gets: Arc<std::sync::atomic::AtomicUsize>,
    dir: std::path::PathBuf,
    first_range_written: Arc<std::sync::atomic::AtomicBool>,
}

impl aws_smithy_runtime_api::client::interceptors::Intercept for DieOnSecondRangedGet {
    fn name(&self) -> &'static str {
        "die-on-second-ranged-get"
    }

    fn read_before_transmit(
        &self,
        context: &aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef<'_>,
        _rc: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        _cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let req = context.request();
        if req.method() != "GET" || req.headers().get("range").is_none() {
            return Ok(());
        }
        if self.gets.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
            let want = test_bytes(3 * MIB, 1);
            let written = std::fs::read_dir(&self.dir).unwrap().flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("obj.") && std::fs::read(e.path()).is_ok_and(|b| b.len() == want.len() && b[..MIB] == want[..MIB])
            });
            self.first_range_written.store(written, std::sync::atomic::Ordering::SeqCst);
            panic!("worker died mid-download");
        }
        Ok(())
    }
}

/// A worker that dies mid-download (it panics in its 2nd ranged GET, after the 1st range was written
/// to the temp file): the transfer fails with the documented `TransferError::Fatal`, nothing is left
/// at the destination (no partial file, no temp file), the worker serves the next download, and
/// shutdown joins every thread.
#[test]
fn worker_dying_mid_download_is_a_clear_error_and_the_pool_goes_on() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", &test_bytes(3 * MIB, 1));
    let dir = tempfile::tempdir().unwrap();
    let gets = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let first_range_written = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (endpoint, d, g, w) = (server.endpoint(), dir.path().to_owned(), gets.clone(), first_range_written.clone());
    let factory = move || {
        let conf = crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)
            .config()
            .to_builder()
            .interceptor(DieOnSecondRangedGet { gets: g.clone(), dir: d.clone(), first_range_written: w.clone() })
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    };
    // One worker: its jobs run in order, so the 1st range is on disk when the 2nd GET starts, and the
    // worker that died is the one that must serve the next download.
    let cfg = ProcessTransferConfig {
        multipart_threshold: 2 * MIB as u64,
        multipart_chunksize: MIB as u64,
        max_request_processes: 1,
        ..Default::default()
    };
    let p = ProcessPoolDownloader::new(Arc::new(factory), cfg);
    let f = p.download_file(BUCKET, "obj", dir.path().join("obj"), None, None).unwrap();
    let e = f.result_timeout(WAIT).unwrap_err();
    assert!(
        matches!(&e, TransferError::Fatal { message } if message == "worker panicked: worker died mid-download"),
        "{e:?}"
    );
    assert!(first_range_written.load(std::sync::atomic::Ordering::SeqCst), "the worker died after writing the 1st range");
    assert!(crate::support::dir_names(dir.path()).is_empty(), "no partial or temp file: {:?}", crate::support::dir_names(dir.path()));
    // The same (only) worker serves the next download.
    let g = p.download_file(BUCKET, "obj", dir.path().join("again"), None, None).unwrap();
    g.result_timeout(WAIT).unwrap();
    assert!(std::fs::read(dir.path().join("again")).unwrap() == test_bytes(3 * MIB, 1), "bytes of the next download");
    assert_eq!(crate::support::dir_names(dir.path()), vec!["again".to_owned()]);
    assert!(gets.load(std::sync::atomic::Ordering::SeqCst) >= 5, "2 GETs of the failed transfer, 3 of the next one");
    p.shutdown();
    assert!(pool_threads().is_empty(), "threads left: {:?}", pool_threads());
}

// ---- Ctrl-C: the test re-runs itself as a child process, which the parent sends real SIGINTs ----

/// Set in the child: the directory it downloads into.
const CHILD_DIR: &str = "S3T_PP_CTRLC_CHILD_DIR";
/// Set in the child: what it does (`once`, `twice`, `after-shutdown`).
const CHILD_MODE: &str = "S3T_PP_CTRLC_CHILD_MODE";
/// The exit status the child uses after a Ctrl-C cancelled its downloads (128 + SIGINT, what a shell
/// reports for an interrupted command).
const INTERRUPTED_EXIT: i32 = 130;

/// The child: a pool with `cancel_on_ctrl_c` downloading two 8 MiB objects through a slow proxy.
/// It prints `STARTED` once both temp files exist and bytes flow, then waits for every future and
/// prints each outcome.
fn ctrl_c_child(mode: &str, dir: &std::path::Path) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "a", &test_bytes(8 * MIB, 1));
    server.put_object_bytes(BUCKET, "b", &test_bytes(8 * MIB, 2));
    let cfg = |cancel_on_ctrl_c| ProcessTransferConfig {
        multipart_threshold: 2 * MIB as u64,
        multipart_chunksize: MIB as u64,
        max_request_processes: 2,
        cancel_on_ctrl_c,
        ..Default::default()
    };
    if mode == "after-shutdown" {
        // A pool that handled Ctrl-C and was shut down leaves SIGINT to its default action.
        let endpoint = server.endpoint();
        let p = ProcessPoolDownloader::new(Arc::new(move || crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)), cfg(true));
        p.download_file(BUCKET, "a", dir.join("a"), None, None).unwrap().result_timeout(WAIT).unwrap();
        p.shutdown();
        println!("SHUT");
        std::thread::sleep(WAIT);
        println!("STILL ALIVE");
        return;
    }
    // 4 KiB every 10 ms per connection: 8 MiB would take 20 s.
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(4096, Duration::from_millis(10)));
    let endpoint = proxy.endpoint();
    let p = ProcessPoolDownloader::new(Arc::new(move || crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)), cfg(true));
    let futs: Vec<_> = ["a", "b"].iter().map(|k| p.download_file(BUCKET, k, dir.join(k), None, Some(8 * MIB as u64)).unwrap()).collect();
    let deadline = std::time::Instant::now() + WAIT;
    while crate::support::dir_names(dir).len() < 2 || proxy.bytes_down() == 0 {
        assert!(std::time::Instant::now() < deadline, "downloads did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    println!("STARTED");
    for (i, f) in futs.iter().enumerate() {
        match f.result_timeout(WAIT) {
            Err(TransferError::Cancelled { message }) => println!("future {i}: Cancelled ({message})"),
            other => println!("future {i}: {other:?}"),
        }
    }
    if mode == "twice" {
        // The pool still runs: a second Ctrl-C terminates the process.
        println!("CANCELLED");
        std::thread::sleep(WAIT);
        println!("STILL ALIVE");
        return;
    }
    p.shutdown();
    std::process::exit(INTERRUPTED_EXIT);
}

/// The parent side: runs `test` of this binary as a child in `mode`, reading its stdout lines.
struct Child {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Child {
    fn spawn(test: &str, mode: &str, dir: &std::path::Path) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([test, "--exact", "--nocapture", "--test-threads", "1"])
            .env(CHILD_DIR, dir)
            .env(CHILD_MODE, mode)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Child { child, lines, seen: Vec::new() }
    }

    /// Waits (bounded) for a line equal to `want`.
    fn wait_for_line(&mut self, want: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.ends_with(want) => return,
                Ok(l) => self.seen.push(l),
                Err(_) => {
                    let _ = self.child.kill();
                    panic!("child never printed {want:?}; printed {:?}", self.seen)
                }
            }
        }
    }

    fn sigint(&self) {
        let ok = std::process::Command::new("kill").args(["-s", "INT", &self.child.id().to_string()]).status().unwrap();
        assert!(ok.success());
    }

    /// Waits (bounded) for the child to exit by itself; its status and the lines it printed.
    fn exit(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let deadline = std::time::Instant::now() + WAIT;
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("child did not exit after SIGINT; printed {:?}", self.seen);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader thread ends at EOF; collect the rest.
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(l);
        }
        (status, self.seen)
    }
}

/// Ctrl-C with `cancel_on_ctrl_c`: a real SIGINT cancels every unfinished download, each future's
/// `result()` is `Cancelled`, the child shuts the pool down and exits with 130 by itself, and neither
/// a destination file nor a temp file is left.
#[test]
fn ctrl_c_cancels_every_download_and_leaves_nothing() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_MODE)) {
        return ctrl_c_child(&mode, std::path::Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::spawn("processpool::ctrl_c_cancels_every_download_and_leaves_nothing", "once", dir.path());
    child.wait_for_line("STARTED");
    child.sigint();
    let (status, lines) = child.exit();
    assert_eq!(status.code(), Some(INTERRUPTED_EXIT), "{status}; printed {lines:?}");
    for i in 0..2 {
        let want = format!("future {i}: Cancelled (interrupted (Ctrl-C))");
        assert!(lines.contains(&want), "{want:?} not in {lines:?}");
    }
    assert!(crate::support::dir_names(dir.path()).is_empty(), "left behind: {:?}", crate::support::dir_names(dir.path()));
}

/// The second Ctrl-C while the pool runs terminates the process as usual (killed by SIGINT), and so
/// does a Ctrl-C after the pool that handled it was shut down.
#[test]
fn second_ctrl_c_and_ctrl_c_after_shutdown_terminate_as_usual() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    use std::os::unix::process::ExitStatusExt;
    const TEST: &str = "processpool::second_ctrl_c_and_ctrl_c_after_shutdown_terminate_as_usual";
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_MODE)) {
        return ctrl_c_child(&mode, std::path::Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::spawn(TEST, "twice", dir.path());
    child.wait_for_line("STARTED");
    child.sigint();
    child.wait_for_line("CANCELLED");
    assert!(crate::support::dir_names(dir.path()).is_empty(), "left behind: {:?}", crate::support::dir_names(dir.path()));
    child.sigint();
    let (status, lines) = child.exit();
    assert_eq!(status.signal(), Some(2), "killed by SIGINT: {status}; printed {lines:?}");
    assert!(lines.iter().filter(|l| l.contains(": Cancelled (interrupted (Ctrl-C))")).count() == 2, "{lines:?}");

    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::spawn(TEST, "after-shutdown", dir.path());
    child.wait_for_line("SHUT");
    child.sigint();
    let (status, lines) = child.exit();
    assert_eq!(status.signal(), Some(2), "killed by SIGINT: {status}; printed {lines:?}");
    assert_eq!(crate::support::dir_names(dir.path()), vec!["a".to_owned()]);
}

/// `expected_size` really skips HeadObject, and the extra args travel with every ranged GET beside
/// its Range (one GET per 1 MiB chunk of a 3.5 MiB object, ranges covering it exactly once).
#[test]
fn expected_size_skips_head_and_extra_args_ride_every_ranged_get() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(3 * MIB + MIB / 2, 41);
    server.put_object_bytes(BUCKET, "obj", &data);
    let dir = tempfile::tempdir().unwrap();
    let p = pool(&server, 2);
    let args = ExtraArgs::new().set("RequestPayer", "requester").set("VersionId", "v-9");
    let f = p.download_file(BUCKET, "obj", dir.path().join("out"), Some(&args), Some(data.len() as u64)).unwrap();
    f.result_timeout(WAIT).unwrap();
    p.shutdown();
    assert!(std::fs::read(dir.path().join("out")).unwrap() == data, "bytes equal");
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.op != "HeadObject"), "no HeadObject with expected_size: {reqs:?}");
    let mut ranges: Vec<String> = Vec::new();
    for get in reqs.iter().filter(|r| r.op == "GetObject") {
        assert_eq!(get.header("x-amz-request-payer"), Some("requester"), "{get:?}");
        assert!(get.uri.contains("versionId=v-9"), "{}", get.uri);
        ranges.push(get.header("range").expect("a ranged GET").to_owned());
    }
    ranges.sort();
    assert_eq!(
        ranges,
        vec!["bytes=0-1048575", "bytes=1048576-2097151", "bytes=2097152-3145727", "bytes=3145728-"],
        "one GET per chunk"
    );
}

/// A GET body that breaks every time: each ranged GET is tried 5 times, then the download fails
/// with `RetriesExceeded` (a network cause); no file and no temp file are left, and the pool goes on
/// serving the next download.
#[test]
fn a_download_broken_every_time_exhausts_its_attempts_and_leaves_nothing() {
    // The pool tests count the process\'s pool threads: one at a time.
    let _serial = crate::support::serial();
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(3 * MIB, 9);
    server.put_object_bytes(BUCKET, "obj", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::cut_after(MIB as u64 / 2, 5));
    let endpoint = proxy.endpoint();
    let cfg = ProcessTransferConfig { multipart_threshold: 8 * MIB as u64, max_request_processes: 1, ..Default::default() };
    let p = ProcessPoolDownloader::new(Arc::new(move || crate::support::sdk_client_for(&endpoint, crate::support::SECRET_KEY)), cfg);
    let dir = tempfile::tempdir().unwrap();
    let err = p.download_file(BUCKET, "obj", dir.path().join("x"), None, None).unwrap().result_timeout(WAIT).unwrap_err();
    match &err {
        TransferError::RetriesExceeded { last } => assert!(matches!(**last, TransferError::Network { .. }), "{last:?}"),
        other => panic!("expected RetriesExceeded, got {other:?}"),
    }
    assert_eq!(proxy.cuts_made(), 5, "five attempts, each cut");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial or temp file");
    // The cuts are used up: the same pool downloads the object intact.
    p.download_file(BUCKET, "obj", dir.path().join("y"), None, None).unwrap().result_timeout(WAIT).expect("download");
    assert_eq!(std::fs::read(dir.path().join("y")).unwrap(), data);
    p.shutdown();
}
