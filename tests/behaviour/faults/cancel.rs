//! `cancel()` on each of many concurrent transfers, and `shutdown(cancel = true)` with many in
//! flight: every transfer ends cancelled (or, if it won the race, complete), nothing partial is
//! left: no object from a cancelled upload, no open multipart upload, no file or temp file from a
//! cancelled download.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;

const PART: usize = 5 * MIB;
const N: usize = 6;

struct Batch {
    server: TestServer,
    _proxy: FaultProxy,
    tm: Arc<TransferManager>,
    dir: tempfile::TempDir,
    data: Vec<u8>,
    futs: Vec<(String, TransferFuture)>,
    progress: Vec<Arc<Progress>>,
}

/// N file uploads and N downloads (3 parts each) through a throttling proxy.
fn start_batch(engine: Engine) -> Batch {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(3 * PART, 161);
    server.put_object_bytes(BUCKET, "src", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let tm = Arc::new(manager(proxy.sdk_client(), config_sized(engine, PART, PART)));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &data);
    std::fs::create_dir(dir.path().join("down")).unwrap();
    let mut futs = Vec::new();
    let mut progress = Vec::new();
    for i in 0..N {
        let p = Progress::new();
        futs.push((format!("up{i}"), tm.upload(src.clone(), BUCKET, &format!("up{i}")).subscriber(p.clone()).start().expect("start")));
        progress.push(p);
        let p = Progress::new();
        let dest = dir.path().join("down").join(format!("down{i}"));
        futs.push((format!("down{i}"), tm.download(BUCKET, "src", dest).subscriber(p.clone()).start().expect("start")));
        progress.push(p);
    }
    Batch { server, _proxy: proxy, tm, dir, data, futs, progress }
}

/// Checks after every transfer ended: cancelled ones left nothing, completed ones are exact.
fn check_batch(b: Batch, expect_message: Option<&str>) {
    let mut cancelled = 0;
    for (name, fut) in &b.futs {
        match finish(fut) {
            Ok(()) => {}
            Err(e) => {
                assert!(e.is_cancelled(), "{name}: expected a cancellation, got {e:?}");
                assert!(matches!(e, TransferError::Cancelled { .. }), "{name}: {e:?}");
                if let (Some(want), TransferError::Cancelled { message }) = (expect_message, &e) {
                    assert_eq!(message, want, "{name}");
                }
                cancelled += 1;
            }
        }
    }
    assert!(cancelled > 0, "the throttle keeps transfers in flight: some must have been cancelled");
    let Batch { server, tm, dir, data, futs, .. } = b;
    drop(futs);
    drop(tm);
    for i in 0..N {
        let key = format!("up{i}");
        if let Some(got) = server.object_bytes(BUCKET, &key) {
            assert_bytes_eq(&got, &data, &key);
        }
        let dest = dir.path().join("down").join(format!("down{i}"));
        if dest.exists() {
            assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "completed download");
        }
    }
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "no multipart upload left open");
    let names = dir_names(&dir.path().join("down"));
    assert!(names.iter().all(|n| n.starts_with("down") && n.len() <= 5), "no temp file left: {names:?}");
}

/// Each of 12 transfers in flight is cancelled with `cancel()`, from several threads at once.
fn cancel_many_concurrent_transfers(engine: Engine) {
    let b = start_batch(engine);
    for p in &b.progress {
        p.wait(1);
    }
    let futs: Vec<TransferFuture> = b.futs.iter().map(|(_, f)| f.clone()).collect();
    let threads: Vec<_> = futs
        .chunks(3)
        .map(|c| {
            let c = c.to_vec();
            std::thread::spawn(move || c.iter().for_each(|f| f.cancel()))
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    check_batch(b, None);
}

/// `shutdown(true, "closing")` with 12 transfers in flight returns within the bound and every
/// transfer is cancelled with that message.
fn shutdown_cancel_many_concurrent_transfers(engine: Engine) {
    let b = start_batch(engine);
    for p in &b.progress {
        p.wait(1);
    }
    let tm = b.tm.clone();
    within(WAIT, "shutdown(true)", move || tm.shutdown(true, "closing"));
    for (name, f) in &b.futs {
        assert!(f.done(), "{name} not done after shutdown returned");
    }
    check_batch(b, Some("closing"));
}

/// A cancel while two parts are in flight whose whole bodies the server already has (their answers
/// held back 1 s by the proxy). S3 may store such a part even after its upload was aborted, so the
/// classic engine waits for those answers before it sends the abort; it does not drop them as it
/// drops a part still sending its body. aws-c-s3 cancels its requests in flight at once, so on the
/// CRT engine only the outcome is checked. Either way: cancelled, no object, nothing left open.
fn cancel_waits_for_parts_the_server_has(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_secs(1)));
    let mut cfg = config_sized(engine, PART, PART);
    cfg.max_request_concurrency = 2;
    let tm = manager(proxy.sdk_client(), cfg);
    let fut = tm.upload(bytes::Bytes::from(test_bytes(2 * PART, 162)), BUCKET, "obj").start().expect("start");
    let deadline = std::time::Instant::now() + WAIT;
    let parts_arrived = wait_until(deadline, || server.requests_of("UploadPart").len() >= 2);
    assert!(parts_arrived, "both parts reach the server: {:?}", server.requests());
    std::thread::sleep(Duration::from_millis(200)); // the server stores both; their answers are held
    let cancelled_at = std::time::Instant::now();
    fut.cancel();
    let aborted = wait_until(deadline, || !server.requests_of("AbortMultipartUpload").is_empty());
    assert!(aborted, "aborted: {:?}", server.requests());
    let abort_after = cancelled_at.elapsed();
    let err = finish(&fut).expect_err("cancelled");
    assert!(err.is_cancelled(), "{err:?}");
    if engine == Engine::Classic {
        assert!(abort_after >= Duration::from_millis(500), "the abort waited for the parts' answers: sent {abort_after:?} after the cancel");
    }
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "no object");
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "no multipart upload left open");
}

engine_tests! {
    cancel_many_concurrent_transfers,
    shutdown_cancel_many_concurrent_transfers,
    cancel_waits_for_parts_the_server_has,
}
