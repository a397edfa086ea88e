//! Cancel in flight, shutdown with and without cancel, and the future API (done, result, timeout,
//! `.await`).
//!
//! Transfers are kept in flight deterministically, without timing assumptions: uploads read from a
//! source that is slower than the test (or gated by it), downloads go through a proxy that throttles
//! the response bodies; the test cancels only after the transfer reported progress.

use std::sync::Arc;
use std::time::Duration;

use std::time::Instant;

use crate::support::*;
use bytes::Bytes;

/// Cancelling a multipart upload from a stream after its first part went up: the future reports a
/// cancellation, the multipart upload is aborted, no object appears.
fn cancel_multipart_upload_from_stream(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    // 11 MiB at once (two parts' worth), then 64 KiB every 50 ms: the rest would take ~40 s.
    let src = slow_source(test_bytes(64 * MIB, 41), 11 * MIB, 64 * KIB, Duration::from_millis(50), false);
    let rec = Recorder::new();
    let fut = tm.upload(UploadSource::reader(src.reader), BUCKET, "obj").subscriber(rec.clone()).start().expect("start");
    rec.wait_progress(5 * MIB as i64);
    fut.cancel();
    assert!(fut.done(), "done() is true as soon as cancel() returns");
    let err = finish_err(&fut);
    assert!(err.is_cancelled(), "expected a cancellation, got {err:?}");
    assert!(matches!(fut.status(), TransferStatus::Cancelled), "status {:?}", fut.status());
    rec.assert_order();
    assert!(server.open_multipart_uploads().is_empty(), "the multipart upload was aborted");
    assert_eq!(server.object_bytes(BUCKET, "obj"), None, "no object");
}

/// Cancelling a multipart upload of a file while its parts are on the wire (throttled proxy).
fn cancel_multipart_upload_from_file(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "big", &test_bytes(48 * MIB, 42));
    // Two parts at a time through the throttle: ~3 s per round of parts, five rounds.
    let mut cfg = config_sized(engine, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(proxy.sdk_client(), cfg);
    let rec = Recorder::new();
    let fut = tm.upload(path, BUCKET, "obj").subscriber(rec.clone()).start().expect("start");
    rec.wait_progress(1);
    fut.cancel();
    let err = finish_err(&fut);
    assert!(err.is_cancelled(), "expected a cancellation, got {err:?}");
    rec.assert_order();
    assert!(server.open_multipart_uploads().is_empty(), "the multipart upload was aborted");
    assert_eq!(server.object_bytes(BUCKET, "obj"), None, "no object");
}

/// Cancelling a large download in flight: cancelled, no destination (or the old one untouched), no
/// temp file.
fn cancel_download_in_flight(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "big", &test_bytes(24 * MIB, 43));
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let mut cfg = config_sized(engine, MIB, MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(proxy.sdk_client(), cfg);
    let dir = tempfile::tempdir().unwrap();
    let old = b"previous version".to_vec();
    let existing = write_file(dir.path(), "existing", &old);
    let fresh = dir.path().join("fresh");
    for dest in [fresh.clone(), existing.clone()] {
        let rec = Recorder::new();
        let fut = tm.download(BUCKET, "big", dest.clone()).subscriber(rec.clone()).start().expect("start");
        rec.wait_progress(1);
        fut.cancel();
        let err = finish_err(&fut);
        assert!(err.is_cancelled(), "expected a cancellation, got {err:?}");
        rec.assert_order();
    }
    assert!(!fresh.exists(), "no partial destination file");
    assert_eq!(std::fs::read(&existing).unwrap(), old, "existing destination untouched");
    assert_eq!(dir_names(dir.path()), vec!["existing".to_owned()], "no temp file left");
}

/// `shutdown(false)` waits for every transfer; they all succeed; later submissions are refused.
fn shutdown_without_cancel_waits_for_transfers(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let down = test_bytes(3 * MIB, 44);
    server.put_object_bytes(BUCKET, "down", &down);
    let tm = Arc::new(manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB)));
    let dir = tempfile::tempdir().unwrap();
    let mut futs = Vec::new();
    let mut uploads = Vec::new();
    for i in 0..3 {
        let data = test_bytes(6 * MIB + i, 45 + i as u64);
        let key = format!("up{i}");
        futs.push(tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, &key).start().expect("start"));
        uploads.push((key, data));
    }
    let dest = dir.path().join("down");
    futs.push(tm.download(BUCKET, "down", dest.clone()).start().expect("start"));

    let tm2 = tm.clone();
    within(WAIT, "shutdown(false)", move || tm2.shutdown(false, ""));
    for f in &futs {
        assert!(f.done(), "shutdown(false) returns only when every transfer is done");
        finish_ok(f);
    }
    for (key, data) in &uploads {
        assert_bytes_eq(&server.object_bytes(BUCKET, key).expect("uploaded"), data, key);
    }
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &down, "downloaded");
    assert!(server.open_multipart_uploads().is_empty());

    let refused = tm.upload(UploadSource::bytes(Bytes::from_static(b"late")), BUCKET, "late").start();
    assert!(
        matches!(refused, Err(TransferError::QueueShutdown)),
        "a submission after shutdown must be refused synchronously with QueueShutdown: {:?}",
        refused.as_ref().err()
    );
    assert!(server.object_bytes(BUCKET, "late").is_none(), "object must not exist");
}

/// `shutdown(false)` with one transfer failing while others still run (upstream's `_wait` stopped at
/// the first failure): it returns normally, only after every other transfer is done, and those
/// complete intact; the failed one keeps its own error.
fn shutdown_without_cancel_outlives_a_failed_transfer(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    // Every response 300 ms late: the 404 arrives after one round trip, each multipart upload needs
    // at least three (create, parts, complete), so the failure lands while the uploads still run.
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_millis(300)));
    let tm = Arc::new(manager(proxy.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB)));
    let dir = tempfile::tempdir().unwrap();
    let missing = tm.download(BUCKET, "no-such-key", dir.path().join("missing")).start().expect("start");
    let mut uploads = Vec::new();
    for i in 0..3 {
        let data = test_bytes(11 * MIB + i, 60 + i as u64);
        let key = format!("up{i}");
        let f = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, &key).start().expect("start");
        uploads.push((key, data, f));
    }

    let tm2 = tm.clone();
    within(WAIT, "shutdown(false)", move || tm2.shutdown(false, ""));
    assert!(missing.done());
    let e = missing.result().expect_err("the missing key fails");
    assert_eq!(e.http_status(), Some(404), "{e}");
    assert!(!dir.path().join("missing").exists(), "no file for the failed download");
    for (key, data, f) in &uploads {
        assert!(f.done(), "shutdown(false) returned before {key} was done");
        finish_ok(f);
        assert_bytes_eq(&server.object_bytes(BUCKET, key).expect("uploaded"), data, key);
    }
    assert!(server.open_multipart_uploads().is_empty());
}

/// `shutdown(true, msg)` cancels everything in flight with that message, aborts multipart uploads,
/// leaves no partial files, and refuses later submissions.
fn shutdown_with_cancel_cancels_transfers(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "big", &test_bytes(24 * MIB, 46));
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let mut cfg = config_sized(engine, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 2;
    let tm = Arc::new(manager(proxy.sdk_client(), cfg));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("big");

    let up_rec = Recorder::new();
    let up = tm
        .upload(UploadSource::bytes(Bytes::from(test_bytes(30 * MIB, 47))), BUCKET, "up")
        .subscriber(up_rec.clone())
        .start()
        .expect("start");
    let down_rec = Recorder::new();
    let down = tm.download(BUCKET, "big", dest.clone()).subscriber(down_rec.clone()).start().expect("start");
    up_rec.wait_progress(1);
    down_rec.wait_progress(1);

    let tm2 = tm.clone();
    within(WAIT, "shutdown(true)", move || tm2.shutdown(true, "test is shutting down"));
    for (name, f, rec) in [("upload", &up, &up_rec), ("download", &down, &down_rec)] {
        assert!(f.done(), "{name}: done after shutdown returned");
        let err = finish_err(f);
        assert!(err.is_cancelled(), "{name}: expected a cancellation, got {err:?}");
        match &err {
            TransferError::Cancelled { message, .. } => assert_eq!(message, "test is shutting down", "{name}"),
            other => panic!("{name}: expected Cancelled with the shutdown message, got {other:?}"),
        }
        rec.assert_order();
    }
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload aborted");
    assert!(server.object_bytes(BUCKET, "up").is_none(), "object must not exist");
    assert!(dir_names(dir.path()).is_empty(), "no partial download left: {:?}", dir_names(dir.path()));

    let refused = tm.download(BUCKET, "big", dir.path().join("late")).start();
    assert!(
        matches!(refused, Err(TransferError::QueueShutdown)),
        "a submission after shutdown must be refused synchronously with QueueShutdown: {:?}",
        refused.as_ref().err()
    );
    assert!(!dir.path().join("late").exists());
}

/// The future: `done()`, blocking `result()`, `.await` on the future and on the request builder,
/// `wait()`, distinct increasing transfer ids, status Success, cancel after success is a no-op.
fn future_result_await_and_done(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config(engine));
    let data = test_bytes(100 * KIB, 48);

    let f1 = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "a").start().expect("start");
    let f1c = f1.clone();
    within(WAIT, "blocking result()", move || f1c.result()).expect("blocking result()");
    assert!(f1.done());
    assert!(matches!(f1.status(), TransferStatus::Success), "status {:?}", f1.status());
    assert_eq!(f1.meta().engine(), engine, "the engine that ran the transfer is visible on its meta");
    f1.cancel();
    assert!(finish(&f1).is_ok(), "cancel after success changes nothing");
    assert!(matches!(f1.status(), TransferStatus::Success));

    let f2 = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "b").start().expect("start");
    let f3 = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "c").start().expect("start");
    block_on(async {
        tokio::time::timeout(WAIT, f2.clone()).await.expect("await timed out").expect("f2.await");
        tokio::time::timeout(WAIT, f3.wait()).await.expect("wait timed out").expect("f3.wait()");
        // Awaiting the request builder starts and waits.
        tokio::time::timeout(WAIT, tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "d"))
            .await
            .expect("builder await timed out")
            .expect("builder.await");
    });
    assert!(f2.done() && f3.done());
    for key in ["a", "b", "c", "d"] {
        assert_eq!(server.object_bytes(BUCKET, key).as_deref(), Some(&data[..]), "{key}");
    }
    let ids = [f1.meta().transfer_id(), f2.meta().transfer_id(), f3.meta().transfer_id()];
    assert!(ids[0] < ids[1] && ids[1] < ids[2], "transfer ids increase: {ids:?}");
}

/// `result_timeout` on a transfer that cannot be finished yet (its source is held back by the test)
/// returns `Timeout` and leaves it running; it then completes normally.
fn result_timeout_on_slow_transfer(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let src = slow_source(test_bytes(6 * MIB, 49), MIB, 256 * KIB, Duration::ZERO, true);
    let fut = tm.upload(UploadSource::reader(src.reader), BUCKET, "obj").start().expect("start");
    match fut.result_timeout(Duration::from_millis(300)) {
        Err(TransferError::Timeout) => {}
        other => panic!("the source is incomplete, so the transfer cannot be done: {other:?}"),
    }
    assert!(!fut.done(), "still running after a result timeout");
    src.gate.as_ref().unwrap().send(()).unwrap();
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("object"), &src.data, "uploaded");
    assert!(server.open_multipart_uploads().is_empty());
}

/// `shutdown_fatal(msg)` (s3transfer's context-manager exit on an error) cancels what is in flight
/// with `Fatal { message }`, which counts as cancelled; the multipart upload is aborted.
fn shutdown_fatal_cancels_with_fatal_error(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = Arc::new(manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB)));
    let src = slow_source(test_bytes(64 * MIB, 63), 11 * MIB, 64 * KIB, Duration::from_millis(50), false);
    let rec = Recorder::new();
    let fut = tm.upload(UploadSource::reader(src.reader), BUCKET, "obj").subscriber(rec.clone()).start().expect("start");
    rec.wait_progress(5 * MIB as i64);
    let tm2 = tm.clone();
    within(WAIT, "shutdown_fatal", move || tm2.shutdown_fatal("caller hit an error"));
    let err = finish_err(&fut);
    match &err {
        TransferError::Fatal { message, .. } => assert_eq!(message, "caller hit an error"),
        other => panic!("expected Fatal with the message, got {other:?}"),
    }
    assert!(err.is_cancelled());
    assert!(server.open_multipart_uploads().is_empty());
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// Cancelling right after `start()` (before any work could finish): the transfer ends cancelled,
/// promptly, with nothing left on the server.
fn cancel_immediately_after_start(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let rec = Recorder::new();
    let fut = tm
        .upload(UploadSource::bytes(Bytes::from(test_bytes(40 * MIB, 71))), BUCKET, "obj")
        .subscriber(rec.clone())
        .start()
        .expect("start");
    fut.cancel();
    let err = finish_err(&fut);
    assert!(err.is_cancelled(), "{err:?}");
    rec.wait_done();
    // Known library race (see cancel_while_create_multipart_upload_in_flight): a cancel while
    // CreateMultipartUpload is in flight can leave the upload open.
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload left open after cancel");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// Many transfers at once on one manager with few connections (queueing): every upload and download
/// is correct and independent.
fn many_small_transfers_in_parallel(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let mut cfg = config(engine);
    cfg.max_request_concurrency = 3;
    let tm = manager(server.sdk_client(), cfg);
    let objects: Vec<(String, Vec<u8>)> =
        (0..60).map(|i| (format!("many/{i:03}"), test_bytes((i * 4099) % (300 * KIB), 100 + i as u64))).collect();
    let ups: Vec<_> = objects
        .iter()
        .map(|(k, d)| tm.upload(UploadSource::bytes(Bytes::from(d.clone())), BUCKET, k).start().expect("start"))
        .collect();
    ups.iter().for_each(finish_ok);
    for (k, d) in &objects {
        assert_eq!(server.object_bytes(BUCKET, k).as_deref(), Some(&d[..]), "{k}");
    }
    let dir = tempfile::tempdir().unwrap();
    let downs: Vec<_> = objects
        .iter()
        .enumerate()
        .map(|(i, (k, _))| tm.download(BUCKET, k, dir.path().join(format!("f{i:03}"))).start().expect("start"))
        .collect();
    downs.iter().for_each(finish_ok);
    for (i, (k, d)) in objects.iter().enumerate() {
        assert_eq!(std::fs::read(dir.path().join(format!("f{i:03}"))).unwrap(), *d, "{k}");
    }
    assert_eq!(dir_names(dir.path()).len(), objects.len(), "no temp files");
}

/// Cancel after the server created the multipart upload but before its answer (the upload id) reached
/// the client: the library must still learn the id and abort it, or the upload stays open (and billed)
/// forever. A latency proxy holds the CreateMultipartUpload response; the test cancels once the server
/// has the upload.
fn cancel_while_create_multipart_upload_in_flight(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_millis(700)));
    let tm = manager(proxy.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let fut = tm
        .upload(UploadSource::bytes(Bytes::from(test_bytes(12 * MIB, 72))), BUCKET, "obj")
        .start()
        .expect("start");
    let deadline = std::time::Instant::now() + WAIT;
    while server.open_multipart_uploads().is_empty() {
        assert!(std::time::Instant::now() < deadline, "CreateMultipartUpload never reached the server");
        assert!(!fut.done(), "transfer ended before creating the multipart upload: {:?}", fut.result());
        std::thread::sleep(Duration::from_millis(2));
    }
    fut.cancel();
    let err = finish_err(&fut);
    assert!(err.is_cancelled(), "{err:?}");
    assert!(server.open_multipart_uploads().is_empty(), "the multipart upload created before the cancel must be aborted");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// Dropping a future does not stop its transfer: `shutdown(false)` still waits for it and the object
/// is stored.
fn dropped_future_transfer_still_completes(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = Arc::new(manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB)));
    let data = test_bytes(12 * MIB, 76);
    drop(tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start"));
    let tm2 = tm.clone();
    within(WAIT, "shutdown(false)", move || tm2.shutdown(false, ""));
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("stored"), &data, "uploaded");
    assert!(server.open_multipart_uploads().is_empty());
}

/// `shutdown(true)` with many transfers of every kind in flight: every one ends cancelled with the
/// message; no multipart upload, object or file is left behind.
fn shutdown_with_cancel_many_transfers(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let src = test_bytes(12 * MIB, 88);
    server.put_object_bytes(BUCKET, "src", &src);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let tm = Arc::new(manager(proxy.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB)));
    let dir = tempfile::tempdir().unwrap();
    let mut futs = Vec::new();
    for i in 0..6 {
        futs.push(tm.upload(UploadSource::bytes(Bytes::from(src.clone())), BUCKET, &format!("up{i}")).start().expect("start"));
        futs.push(tm.download(BUCKET, "src", dir.path().join(format!("down{i}"))).start().expect("start"));
        let w = VecWriter::default();
        futs.push(tm.download(BUCKET, "src", DownloadTarget::writer(w)).start().expect("start"));
    }
    // Let them get going (they cannot finish: 12 MiB each through a ~1.6 MB/s-per-connection throttle).
    std::thread::sleep(Duration::from_millis(300));
    let tm2 = tm.clone();
    within(WAIT, "shutdown(true)", move || tm2.shutdown(true, "closing"));
    for (i, f) in futs.iter().enumerate() {
        assert!(f.done(), "transfer {i} not done after shutdown returned");
        match finish(f) {
            Err(TransferError::Cancelled { message, .. }) => assert_eq!(message, "closing"),
            other => panic!("transfer {i}: expected Cancelled(\"closing\"), got {other:?}"),
        }
    }
    assert!(server.open_multipart_uploads().is_empty(), "{:?}", server.open_multipart_uploads());
    for i in 0..6 {
        assert!(server.object_bytes(BUCKET, &format!("up{i}")).is_none(), "object must not exist");
    }
    assert!(dir_names(dir.path()).is_empty(), "{:?}", dir_names(dir.path()));
}

/// A 64 MiB file up in 13 parts and back down in 64 ranges, many requests in flight at once: parts
/// and ranges land in the right places, progress adds up both ways.
fn large_file_round_trip(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(64 * MIB, 89);
    let src = write_file(dir.path(), "src.bin", &data);
    let mut cfg = config_sized(engine, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 8;
    let tm = manager(server.sdk_client(), cfg);
    let rec = Recorder::new();
    finish_ok(&tm.upload(src, BUCKET, "big").subscriber(rec.clone()).start().expect("start"));
    rec.assert_success(data.len());
    let etag = head(server.sdk_client(), "big").e_tag().unwrap().to_owned();
    assert_eq!(etag_parts(&etag), Some(13), "ETag {etag}");
    assert!(server.object_bytes(BUCKET, "big").unwrap() == data, "stored object differs");

    let mut cfg = config_sized(engine, MIB, MIB);
    cfg.max_request_concurrency = 8;
    let tm = manager(server.sdk_client(), cfg);
    let dest = dir.path().join("back.bin");
    let rec = Recorder::new();
    finish_ok(&tm.download(BUCKET, "big", dest.clone()).subscriber(rec.clone()).start().expect("start"));
    rec.assert_success(data.len());
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded file differs");
}

/// Transfers submitted from many threads at once get distinct ids (s3transfer's unsynchronised counter
/// could hand out duplicates) and all complete.
fn concurrent_submissions_get_unique_ids(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = Arc::new(manager(server.sdk_client(), config(engine)));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let tm = tm.clone();
            std::thread::spawn(move || {
                (0..20)
                    .map(|i| tm.delete(BUCKET, &format!("k{t}-{i}")).start().expect("start"))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let futs: Vec<TransferFuture> = threads.into_iter().flat_map(|h| h.join().expect("submit thread")).collect();
    futs.iter().for_each(finish_ok);
    let mut ids: Vec<u64> = futs.iter().map(|f| f.meta().transfer_id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 160, "transfer ids must be unique");
}

/// `result_timeout` gives `Timeout` while a transfer is still running (a server answering slowly),
/// and the transfer then completes.
fn result_timeout_on_slow_file_upload() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_millis(700)));
    let tm = manager(proxy.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB, 90);
    let src = write_file(dir.path(), "src", &data);
    let fut = tm.upload(src, BUCKET, "obj").start().expect("start");
    assert_eq!(fut.result_timeout(Duration::from_millis(50)), Err(TransferError::Timeout));
    assert!(!fut.done());
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "uploaded");
}

/// `shutdown_fatal` during a multipart file upload: the transfer fails with `Fatal`, `on_done` ran,
/// no object, no open multipart upload.
fn shutdown_fatal_during_file_upload() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    // 16 KiB per 20 ms per connection: the 30 MiB upload takes seconds, so the cancel below lands
    // mid-transfer rather than racing CompleteMultipartUpload (a late cancel loses to success).
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * 1024, Duration::from_millis(20)));
    let tm = manager(proxy.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &test_bytes(30 * MIB, 91));
    let rec = Recorder::new();
    let fut = tm.upload(src, BUCKET, "obj").subscriber(rec.clone()).start().expect("start");
    // Wait until the multipart upload exists (and its answer got back), so the cancel lands mid-transfer.
    let deadline = Instant::now() + WAIT;
    while server.open_multipart_uploads().is_empty() {
        assert!(Instant::now() < deadline, "no multipart upload created");
        assert!(!fut.done(), "finished too early: {:?}", fut.result());
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(!fut.done(), "the throttled upload must still be in flight");
    let tm = std::sync::Arc::new(tm);
    let t = tm.clone();
    within(WAIT, "shutdown_fatal", move || t.shutdown_fatal("boom"));
    let err = finish_err(&fut);
    assert!(matches!(err, TransferError::Fatal { .. }), "{err:?}");
    assert!(err.is_cancelled());
    rec.assert_order();
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload aborted");
}

engine_tests! {
    cancel_multipart_upload_from_stream => refused(StreamUpload, "stream upload (cancel of a file upload runs on both engines)"),
    cancel_multipart_upload_from_file,
    cancel_download_in_flight,
    shutdown_without_cancel_waits_for_transfers,
    shutdown_without_cancel_outlives_a_failed_transfer,
    shutdown_with_cancel_cancels_transfers,
    shutdown_fatal_cancels_with_fatal_error => variant(shutdown_fatal_during_file_upload, "the classic test uses a slow stream; the CRT variant a slow server"),
    shutdown_with_cancel_many_transfers => refused(WriterDownload, "its 18 transfers include downloads to writers; shutdown(cancel) of CRT transfers is covered by shutdown_with_cancel_cancels_transfers"),
    future_result_await_and_done,
    result_timeout_on_slow_transfer => variant(result_timeout_on_slow_file_upload, "the classic test uses a slow stream; the CRT variant a slow server"),
    cancel_immediately_after_start,
    cancel_while_create_multipart_upload_in_flight,
    many_small_transfers_in_parallel,
    dropped_future_transfer_still_completes,
    large_file_round_trip,
    concurrent_submissions_get_unique_ids,
}
