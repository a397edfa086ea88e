//! Subscribers: hook order, byte totals, several subscribers, and subscribers that panic.

use std::sync::{Arc, Mutex};

use crate::support::*;
use bytes::Bytes;

/// Two subscribers on every kind of transfer: each sees on_queued first (status Queued), on_done once
/// and last, progress adding up to the size (copies: the size; deletes: no progress); for every hook
/// the subscribers are called in the order given.
fn subscriber_events_for_every_operation(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();

    struct Tagged(&'static str, Arc<Mutex<Vec<(&'static str, &'static str)>>>);
    impl Subscriber for Tagged {
        fn on_queued(&self, _f: &TransferFuture) {
            self.1.lock().unwrap().push((self.0, "queued"));
        }
        fn on_done(&self, _f: &TransferFuture) {
            self.1.lock().unwrap().push((self.0, "done"));
        }
    }

    let small = test_bytes(200 * KIB, 51);
    let large = test_bytes(11 * MIB, 52);
    server.put_object_bytes(BUCKET, "small-src", &small);
    server.put_object_bytes(BUCKET, "large-src", &large);
    let cs = |k: &str| CopySource { bucket: BUCKET.into(), key: k.into(), version_id: None };

    type Start<'a> = Box<dyn Fn(Vec<Arc<dyn Subscriber>>) -> TransferFuture + 'a>;
    let cases: Vec<(&str, Option<usize>, Start)> = vec![
        ("upload single", Some(small.len()), Box::new(|s| tm.upload(UploadSource::bytes(Bytes::from(small.clone())), BUCKET, "u1").subscribers(s).start().unwrap())),
        ("upload multipart", Some(large.len()), Box::new(|s| tm.upload(UploadSource::bytes(Bytes::from(large.clone())), BUCKET, "u2").subscribers(s).start().unwrap())),
        ("download single", Some(small.len()), Box::new(|s| tm.download(BUCKET, "small-src", dir.path().join("d1")).subscribers(s).start().unwrap())),
        ("download multipart", Some(large.len()), Box::new(|s| tm.download(BUCKET, "large-src", dir.path().join("d2")).subscribers(s).start().unwrap())),
        ("copy single", Some(small.len()), Box::new(|s| tm.copy(cs("small-src"), BUCKET, "c1").subscribers(s).start().unwrap())),
        ("copy multipart", Some(large.len()), Box::new(|s| tm.copy(cs("large-src"), BUCKET, "c2").subscribers(s).start().unwrap())),
        ("delete", None, Box::new(|s| tm.delete(BUCKET, "u1").subscribers(s).start().unwrap())),
    ];
    for (name, size, start) in cases {
        let rec = Recorder::new();
        let log = Arc::new(Mutex::new(Vec::new()));
        let subs: Vec<Arc<dyn Subscriber>> =
            vec![Arc::new(Tagged("first", log.clone())), rec.clone(), Arc::new(Tagged("last", log.clone()))];
        let fut = start(subs);
        finish_ok(&fut);
        rec.assert_order();
        match &rec.events()[0] {
            Event::Queued { status } => assert_eq!(status, "Queued", "{name}: status seen in on_queued"),
            other => panic!("{name}: {other:?}"),
        }
        match size {
            Some(n) => {
                assert_eq!(rec.progress_total(), n as i64, "{name}: progress total");
                assert_eq!(fut.meta().size(), Some(n as u64), "{name}: meta().size()");
            }
            None => assert_eq!(rec.progress_total(), 0, "{name}: no progress"),
        }
        // on_done of "last" may still be running after result() returned; wait for it.
        let deadline = std::time::Instant::now() + WAIT;
        while log.lock().unwrap().len() < 4 {
            assert!(std::time::Instant::now() < deadline, "{name}: hooks missing: {:?}", log.lock().unwrap());
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert_eq!(
            *log.lock().unwrap(),
            vec![("first", "queued"), ("last", "queued"), ("first", "done"), ("last", "done")],
            "{name}: subscribers called in the order given"
        );
    }
    assert_eq!(server.object_bytes(BUCKET, "u1"), None, "deleted");
    assert!(server.open_multipart_uploads().is_empty());
}

/// A subscriber that panics in on_progress fails its transfer with `Fatal`; the multipart upload is
/// aborted, the download leaves no file; the panic does not take the manager or the process down: the
/// next transfer on the same manager succeeds.
fn panicking_progress_subscriber_fails_transfer(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 53);
    server.put_object_bytes(BUCKET, "src", &data);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();

    let rec = Recorder::new();
    let up = tm
        .upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "up")
        .subscriber(Arc::new(Panicker(PanicIn::Progress)))
        .subscriber(rec.clone())
        .start()
        .expect("start");
    let err = finish_err(&up);
    assert!(matches!(err, TransferError::Fatal { .. }), "upload: expected Fatal, got {err:?}");
    assert!(err.is_cancelled(), "Fatal counts as cancelled");
    rec.assert_order();
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload aborted");
    assert!(server.object_bytes(BUCKET, "up").is_none(), "object must not exist");

    let dest = dir.path().join("down");
    let down = tm
        .download(BUCKET, "src", dest.clone())
        .subscriber(Arc::new(Panicker(PanicIn::Progress)))
        .start()
        .expect("start");
    let err = finish_err(&down);
    assert!(matches!(err, TransferError::Fatal { .. }), "download: expected Fatal, got {err:?}");
    assert!(!dest.exists());
    assert!(dir_names(dir.path()).is_empty(), "no temp file: {:?}", dir_names(dir.path()));

    // The manager still works.
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "after").start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "after").unwrap(), &data, "after");
}

/// A panic in on_queued fails the transfer before any request (nothing uploaded); a panic in on_done
/// is swallowed (the transfer succeeded and says so).
fn panicking_queued_or_done_subscriber(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config(engine));
    let data = test_bytes(1000, 54);

    let rec = Recorder::new();
    let fut = tm
        .upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "q")
        .subscriber(Arc::new(Panicker(PanicIn::Queued)))
        .subscriber(rec.clone())
        .start()
        .expect("start");
    let err = finish_err(&fut);
    assert!(matches!(err, TransferError::Fatal { .. }), "on_queued panic: expected Fatal, got {err:?}");
    rec.wait_done();
    assert_eq!(server.object_bytes(BUCKET, "q"), None, "nothing uploaded");

    let rec = Recorder::new();
    let fut = tm
        .upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "d")
        .subscriber(Arc::new(Panicker(PanicIn::Done)))
        .subscriber(rec.clone())
        .start()
        .expect("start");
    finish_ok(&fut);
    rec.assert_success(data.len());
    assert_eq!(server.object_bytes(BUCKET, "d").as_deref(), Some(&data[..]));
}

/// A non-seekable stream whose size a subscriber provides in `on_queued`: the size is known
/// (`meta().size()`), the multipart decision uses it, and the bytes arrive intact.
fn on_queued_provides_size_of_stream(engine: Engine) {
    struct Provide(u64);
    impl Subscriber for Provide {
        fn on_queued(&self, future: &TransferFuture) {
            future.meta().provide_transfer_size(self.0);
        }
    }
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    for (key, len, parts) in [("below", 5 * MIB - 1, None), ("above", 11 * MIB, Some(3))] {
        let data = test_bytes(len, 75);
        let rec = Recorder::new();
        let fut = tm
            .upload(UploadSource::reader(ChunkedReader::new(data.clone(), 128 * KIB)), BUCKET, key)
            .subscriber(Arc::new(Provide(len as u64)))
            .subscriber(rec.clone())
            .start()
            .expect("start");
        finish_ok(&fut);
        assert_bytes_eq(&server.object_bytes(BUCKET, key).unwrap(), &data, key);
        assert_eq!(fut.meta().size(), Some(len as u64), "{key}: provided size");
        let etag = head(server.sdk_client(), key).e_tag().unwrap().to_owned();
        assert_eq!(etag_parts(&etag), parts, "{key}: ETag {etag}");
        rec.assert_order();
        assert_eq!(rec.progress_total(), len as i64);
    }
}

engine_tests! {
    subscriber_events_for_every_operation,
    panicking_progress_subscriber_fails_transfer,
    panicking_queued_or_done_subscriber,
    on_queued_provides_size_of_stream => refused(StreamUpload, "stream upload"),
}
