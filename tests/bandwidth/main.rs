//! `max_bandwidth` against the real in-process S3 server: a 20 MiB upload and a 20 MiB download
//! under a 4 MiB/s cap take 5 s ± 10% (a cap is a correctness property: a limit that lets 30% more
//! through is broken), progress moves smoothly while they run, the cap covers the sum of a manager's
//! transfers, and a cap smaller than one 256 KiB step still works; copies and deletes are not
//! limited. A binary of its own whose tests run one at a time (each holds the harness's lock), so no
//! other test's load stretches the timings.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use s3transfer::{Engine, Subscriber, TransferConfig, TransferFuture, TransferManager};
#[cfg(feature = "crt")]
use support::assert_crt_released;
use support::{serial, test_bytes, TestServer};

const BUCKET: &str = "bw-bucket";
const MIB: usize = 1024 * 1024;
const WAIT: Duration = Duration::from_secs(60);

/// Records `(time, cumulative bytes)` for every progress event.
#[derive(Default)]
struct Timeline {
    start: Mutex<Option<Instant>>,
    events: Mutex<Vec<(Duration, i64)>>,
}

impl Timeline {
    fn begin(&self) {
        *self.start.lock().unwrap() = Some(Instant::now());
    }
    fn events(&self) -> Vec<(Duration, i64)> {
        self.events.lock().unwrap().clone()
    }
}

impl Subscriber for Timeline {
    fn on_progress(&self, _f: &TransferFuture, n: i64) {
        let t = self.start.lock().unwrap().expect("begin() first").elapsed();
        let mut ev = self.events.lock().unwrap();
        let total = ev.last().map(|e| e.1).unwrap_or(0) + n;
        ev.push((t, total));
    }
}

/// Progress is smooth: no gap longer than 1 s between events (or before the first / after the
/// last), and the bytes grow roughly linearly: when half the bytes have passed, between 35% and 65%
/// of the time has.
fn assert_smooth(what: &str, events: &[(Duration, i64)], total: Duration, size: i64) {
    assert_eq!(events.last().map(|e| e.1), Some(size), "{what}: progress sums to the size");
    let mut prev = Duration::ZERO;
    for (t, _) in events {
        assert!(*t - prev <= Duration::from_secs(1), "{what}: progress gap of {:?} before {t:?}", *t - prev);
        prev = *t;
    }
    assert!(total - prev <= Duration::from_secs(1), "{what}: last progress {prev:?}, result at {total:?}");
    let half = events.iter().find(|e| e.1 >= size / 2).expect("half").0;
    let frac = half.as_secs_f64() / total.as_secs_f64();
    assert!((0.35..=0.65).contains(&frac), "{what}: half the bytes after {half:?} of {total:?} ({frac:.2})");
}

fn limited_manager(server: &TestServer, engine: Engine, cap: u64) -> TransferManager {
    let cfg = TransferConfig { engine, max_bandwidth: Some(cap), ..Default::default() };
    let tm = TransferManager::new(server.sdk_client(), cfg).expect("manager");
    // The CRT client is made before the clock starts: the timings are of the cap, not of that.
    futures::executor::block_on(tm.prepare()).expect("prepare");
    tm
}

fn timed_upload(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let size = 20 * MIB;
    let data = test_bytes(size, 5);
    let src = dir.path().join("src.bin");
    std::fs::write(&src, &data).unwrap();
    let tm = limited_manager(&server, engine, 4 * MIB as u64);
    let up = Arc::new(Timeline::default());
    up.begin();
    let t0 = Instant::now();
    let fut = tm.upload(&src, BUCKET, "big.bin").subscriber(up.clone()).start().unwrap();
    fut.result_timeout(WAIT).expect("upload");
    let took = t0.elapsed();
    assert_eq!(fut.meta().engine(), engine);
    assert_eq!(server.object_bytes(BUCKET, "big.bin").as_deref(), Some(&data[..]), "stored bytes");
    assert!(server.open_multipart_uploads().is_empty());
    eprintln!("{engine:?} upload of 20 MiB at 4 MiB/s: {took:?}");
    assert!((4.5..=5.5).contains(&took.as_secs_f64()), "{engine:?} upload took {took:?}, want 5 s ± 10%");
    assert_smooth("upload", &up.events(), took, size as i64);
    tm.shutdown(false, "");
}

fn timed_download(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let size = 20 * MIB;
    let data = test_bytes(size, 6);
    server.put_object_bytes(BUCKET, "big.bin", &data);
    let tm = limited_manager(&server, engine, 4 * MIB as u64);
    let dest = dir.path().join("dest.bin");
    let down = Arc::new(Timeline::default());
    down.begin();
    let t0 = Instant::now();
    let fut = tm.download(BUCKET, "big.bin", &dest).subscriber(down.clone()).start().unwrap();
    fut.result_timeout(WAIT).expect("download");
    let took = t0.elapsed();
    assert_eq!(fut.meta().engine(), engine);
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded bytes differ");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    eprintln!("{engine:?} download of 20 MiB at 4 MiB/s: {took:?}");
    assert!((4.5..=5.5).contains(&took.as_secs_f64()), "{engine:?} download took {took:?}, want 5 s ± 10%");
    assert_smooth("download", &down.events(), took, size as i64);
    tm.shutdown(false, "");
}

#[test]
fn classic_20mib_upload_at_4mib_per_s_takes_5s_smoothly() {
    let _alone = serial();
    timed_upload(Engine::Classic);
}

#[test]
fn classic_20mib_download_at_4mib_per_s_takes_5s_smoothly() {
    let _alone = serial();
    timed_download(Engine::Classic);
}

#[cfg(feature = "crt")]
#[test]
fn crt_20mib_upload_at_4mib_per_s_takes_5s_smoothly() {
    let _alone = serial();
    timed_upload(Engine::Crt);
    assert_crt_released();
}

#[cfg(feature = "crt")]
#[test]
fn crt_20mib_download_at_4mib_per_s_takes_5s_smoothly() {
    let _alone = serial();
    timed_download(Engine::Crt);
    assert_crt_released();
}

/// The cap is on the sum of a manager's transfers: three concurrent 4 MiB uploads under 4 MiB/s
/// cannot finish before about 3 s (only a lower bound is asserted: being slow is not a failure
/// here).
fn cap_covers_sum(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = limited_manager(&server, engine, 4 * MIB as u64);
    let dir = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let futs: Vec<_> = (0..3)
        .map(|i| {
            let p = dir.path().join(format!("f{i}"));
            std::fs::write(&p, test_bytes(4 * MIB, i)).unwrap();
            tm.upload(&p, BUCKET, &format!("k{i}")).start().unwrap()
        })
        .collect();
    for f in &futs {
        f.result_timeout(WAIT).expect("upload");
    }
    let took = t0.elapsed();
    eprintln!("{engine:?}: 3 x 4 MiB at 4 MiB/s: {took:?}");
    assert!(took >= Duration::from_millis(2500), "{engine:?}: 12 MiB under a 4 MiB/s cap in {took:?}");
    for i in 0..3 {
        assert_eq!(server.object_bytes(BUCKET, &format!("k{i}")).unwrap(), test_bytes(4 * MIB, i));
    }
}

#[test]
fn classic_cap_covers_the_sum_of_transfers() {
    let _alone = serial();
    cap_covers_sum(Engine::Classic);
}

/// A cap smaller than one 256 KiB step works (each step waits step/cap seconds): bytes are equal
/// both ways.
fn tiny_cap(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = limited_manager(&server, engine, 200 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(300 * 1024, 9);
    let src = dir.path().join("small.bin");
    std::fs::write(&src, &data).unwrap();
    tm.upload(&src, BUCKET, "small.bin").start().unwrap().result_timeout(WAIT).expect("upload");
    assert_eq!(server.object_bytes(BUCKET, "small.bin").unwrap(), data);
    let dest = dir.path().join("out.bin");
    tm.download(BUCKET, "small.bin", &dest).start().unwrap().result_timeout(WAIT).expect("download");
    assert_eq!(std::fs::read(&dest).unwrap(), data);
}

#[test]
fn classic_cap_smaller_than_one_chunk_still_works() {
    let _alone = serial();
    tiny_cap(Engine::Classic);
}

#[cfg(feature = "crt")]
#[test]
fn crt_cap_covers_the_sum_of_transfers() {
    let _alone = serial();
    cap_covers_sum(Engine::Crt);
    assert_crt_released();
}

#[cfg(feature = "crt")]
#[test]
fn crt_cap_smaller_than_one_chunk_still_works() {
    let _alone = serial();
    tiny_cap(Engine::Crt);
    assert_crt_released();
}

#[test]
fn zero_cap_is_a_clear_error() {
    let _alone = serial();
    let server = TestServer::start();
    let e = TransferManager::new(server.sdk_client(), TransferConfig { max_bandwidth: Some(0), ..Default::default() })
        .expect_err("zero cap refused");
    assert!(e.to_string().contains("max_bandwidth"), "{e}");
}

/// Cancelling a throttled transfer does not wait for the bucket: it ends promptly, leaves no
/// object and no multipart upload.
fn cancel_while_throttled(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = limited_manager(&server, engine, MIB as u64);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.bin");
    std::fs::write(&p, test_bytes(20 * MIB, 3)).unwrap();
    let fut = tm.upload(&p, BUCKET, "c.bin").start().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let t0 = Instant::now();
    fut.cancel();
    let e = fut.result_timeout(WAIT).expect_err("cancelled");
    assert!(e.is_cancelled(), "{e}");
    assert!(t0.elapsed() < Duration::from_secs(5), "cancel took {:?}", t0.elapsed());
    assert!(server.object_bytes(BUCKET, "c.bin").is_none());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.open_multipart_uploads().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.open_multipart_uploads().is_empty());
    // A throttled download cancelled midway leaves no file (temp or destination).
    server.put_object_bytes(BUCKET, "d.bin", &test_bytes(20 * MIB, 4));
    let dest = dir.path().join("out");
    std::fs::create_dir(&dest).unwrap();
    let fut = tm.download(BUCKET, "d.bin", dest.join("d.bin")).start().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    fut.cancel();
    assert!(fut.result_timeout(WAIT).expect_err("cancelled").is_cancelled());
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 0, "nothing left in the destination directory");
}

#[test]
fn classic_cancel_while_throttled_is_prompt() {
    let _alone = serial();
    cancel_while_throttled(Engine::Classic);
}

#[cfg(feature = "crt")]
#[test]
fn crt_cancel_while_throttled_is_prompt() {
    let _alone = serial();
    cancel_while_throttled(Engine::Crt);
    assert_crt_released();
}

/// The cap applies to bytes this process moves: a server-side copy and a delete are not throttled
/// (s3transfer: "no bandwidth limiting" for copies). Under a 16 KiB/s cap an 11 MiB copy that paid
/// for its bytes would take over 11 minutes; it must finish well inside WAIT, correct, with its
/// progress adding up to the size.
fn copies_and_deletes_are_not_limited(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 12);
    server.put_object_bytes(BUCKET, "src", &data);
    let cfg = TransferConfig {
        engine,
        max_bandwidth: Some(16 * 1024),
        multipart_threshold: 5 * MIB as u64,
        multipart_chunksize: 5 * MIB as u64,
        ..Default::default()
    };
    let tm = TransferManager::new(server.sdk_client(), cfg).expect("manager");
    let timeline = Arc::new(Timeline::default());
    timeline.begin();
    let copy = tm.copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst").subscriber(timeline.clone()).start().unwrap();
    copy.result_timeout(WAIT).expect("copy is not throttled");
    assert_eq!(server.object_bytes(BUCKET, "dst").expect("copy exists"), data);
    assert_eq!(timeline.events().last().map(|e| e.1), Some(data.len() as i64), "copy progress");
    tm.delete(BUCKET, "src").start().unwrap().result_timeout(WAIT).expect("delete is not throttled");
    assert_eq!(server.object_bytes(BUCKET, "src"), None, "deleted");
}

#[test]
fn classic_copies_and_deletes_are_not_limited() {
    let _alone = serial();
    copies_and_deletes_are_not_limited(Engine::Classic);
}

#[cfg(feature = "crt")]
#[test]
fn crt_copies_and_deletes_are_not_limited() {
    let _alone = serial();
    copies_and_deletes_are_not_limited(Engine::Crt);
    assert_crt_released();
}
