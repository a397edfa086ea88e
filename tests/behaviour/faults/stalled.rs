//! A stalled connection: the proxy stops forwarding response bytes without closing the connection, on
//! every connection. The transfer must fail within a bound set by the client's timeouts, not hang.
//!
//! Timeouts per engine: the classic engine uses the aws-sdk-s3 client's (`read_timeout` for a
//! response that does not start, stalled-stream protection for a body that stops); the CRT engine
//! takes the SDK client's `read_timeout` as aws-c-s3's throughput-failure interval (a connection
//! moving no bytes for that long is closed; the CRT's own default is 30 s). These cases give the
//! client 2 s and two attempts, and require the error within 40 s.

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::support::*;

const PART: usize = 5 * MIB;
const STALL: Duration = Duration::from_secs(2);
const BOUND: Duration = Duration::from_secs(40);

fn tm(engine: Engine, proxy: &FaultProxy) -> TransferManager {
    let mut cfg = config_sized(engine, PART, PART);
    cfg.num_download_attempts = 2;
    manager(sdk_client_with_timeouts(&proxy.endpoint(), STALL), cfg)
}

#[track_caller]
fn assert_transport_error(err: &TransferError) {
    assert!(!err.is_cancelled(), "{err:?}");
    let text = format!("{err:?}");
    assert!(
        matches!(err, TransferError::RetriesExceeded { .. } | TransferError::Network { .. })
            || matches!(err, TransferError::S3UploadFailed { cause, .. } if matches!(**cause, TransferError::Network { .. } | TransferError::Crt { .. })),
        "expected a network/timeout error, got {text}"
    );
}

/// GET bodies stall after 256 KiB: the download fails within the bound, with no file left.
fn stalled_download_fails_within_bound(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(2 * PART, 121);
    server.put_object_bytes(BUCKET, "obj", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::stall_after(256 * KIB as u64, u32::MAX));
    let tm = tm(engine, &proxy);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let t0 = Instant::now();
    let fut = tm.download(BUCKET, "obj", dest.clone()).start().expect("start");
    let err = match fut.result_timeout(BOUND) {
        Err(TransferError::Timeout) => panic!("a stalled download did not fail within {BOUND:?}"),
        Ok(()) => panic!("the download cannot succeed through a stalled connection"),
        Err(e) => e,
    };
    eprintln!("{engine:?}: stalled download failed after {:?}: {err:?}", t0.elapsed());
    assert!(proxy.stalls_made() >= 1);
    match &err {
        TransferError::RetriesExceeded { last } => assert!(matches!(**last, TransferError::Network { .. }), "{err:?}"),
        other => panic!("expected RetriesExceeded(Network), got {other:?}"),
    }
    assert_transport_error(&err);
    drop(tm);
    assert!(!dest.exists(), "no partial file");
    assert_complete_or_absent(&dest, &data, &[]);
}

/// The response to a single PutObject never comes (the proxy forwards the request, then stalls the
/// response): the upload fails within the bound. The object may exist (the server stored it before
/// answering); if it does it is complete.
fn stalled_upload_fails_within_bound(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(MIB, 122);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::stall_after(0, u32::MAX));
    let tm = tm(engine, &proxy);
    let t0 = Instant::now();
    let fut = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start");
    let err = match fut.result_timeout(BOUND) {
        Err(TransferError::Timeout) => panic!("a stalled upload did not fail within {BOUND:?}"),
        Ok(()) => panic!("the upload cannot succeed without a response"),
        Err(e) => e,
    };
    eprintln!("{engine:?}: stalled upload failed after {:?}: {err:?}", t0.elapsed());
    assert_transport_error(&err);
    drop(tm);
    assert_object_complete_or_absent(&server, "obj", &data);
}

engine_tests! {
    stalled_download_fails_within_bound,
    stalled_upload_fails_within_bound,
}
