//! The object is replaced between the ranged GETs of a download (the recording server answers
//! `If-Match` with 412 as S3 does): the download must fail with `S3DownloadFailed`, never write a
//! file that mixes the two versions, and leave no temp file.

use std::time::Duration;

use crate::support::*;

const PART: usize = 5 * MIB;

fn object_replaced_between_ranged_gets_fails(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.enforce_if_match(true);
    let old = test_bytes(4 * PART, 141);
    let new = test_bytes(4 * PART, 142);
    server.put_object_bytes(BUCKET, "obj", &old);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(64 * KIB, Duration::from_millis(10)));
    let mut cfg = config_sized(engine, PART, PART);
    cfg.max_request_concurrency = 1;
    let tm = manager(proxy.sdk_client(), cfg);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let progress = Progress::new();
    let fut = tm.download(BUCKET, "obj", dest.clone()).subscriber(progress.clone()).start().expect("start");
    assert!(progress.wait(PART as i64), "the download finished before the replacement");
    // Replace atomically: a GET in flight keeps reading the old file, later ones see the new one.
    let staged = server.root().join("staged-new-version");
    std::fs::write(&staged, &new).unwrap();
    std::fs::rename(&staged, server.root().join(BUCKET).join("obj")).unwrap();
    let err = finish_err(&fut);
    match &err {
        TransferError::S3DownloadFailed { bucket, key, .. } => {
            assert_eq!((bucket.as_str(), key.as_str()), (BUCKET, "obj"));
        }
        other => panic!("expected S3DownloadFailed, got {other:?}"),
    }
    assert!(!err.is_cancelled());
    // A later GET answered 412 (http_status 412), or a GET that raced the replacement answered
    // from the new version and its ETag gave it away (no status); the code is PreconditionFailed
    // either way on the classic engine. The CRT may report its own "object modified" error instead.
    assert!(matches!(err.http_status(), Some(412) | None), "{err:?}");
    if engine == Engine::Classic {
        assert_eq!(err.s3_code(), Some("PreconditionFailed"), "{err:?}");
    }
    eprintln!("{engine:?}: {err:?}");
    drop(tm);
    assert!(!dest.exists(), "no file: neither a mixed nor a partial one");
    assert_complete_or_absent(&dest, &old, &[]);
    let gets = server.requests_of("GetObject");
    assert!(gets.iter().skip(1).any(|r| r.header("if-match").is_some()), "ranged GETs carry If-Match");
}

engine_tests! {
    object_replaced_between_ranged_gets_fails,
}
