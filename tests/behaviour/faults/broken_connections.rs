//! Connections that break mid-body (the fault proxy between the manager and the server): a response
//! body reset (RST) or truncated (orderly close before Content-Length) on ranged GETs, and a request
//! body cut mid-UploadPart. A few breaks are retried to success; breaks on every attempt end in a
//! clear network error. Either way the destination is complete or absent, no upload is left open.
//!
//! Who retries: a GET body on the classic engine is retried by s3transfer's own loop
//! (`num_download_attempts`), a request that failed to send by the SDK client; on the CRT engine
//! aws-c-s3 retries both (`num_download_attempts - 1` retries per request).

use bytes::Bytes;

use crate::support::*;

const PART: usize = 5 * MIB;

fn download_through(engine: Engine, plan: FaultPlan, data: &[u8]) -> (TestServer, FaultProxy, tempfile::TempDir, Result<(), TransferError>) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", data);
    let proxy = FaultProxy::start(server.addr(), plan);
    let tm = manager(sdk_client_with_attempts(&proxy.endpoint(), 5), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let res = finish(&tm.download(BUCKET, "obj", dir.path().join("out")).start().expect("start"));
    drop(tm);
    (server, proxy, dir, res)
}

/// Two ranged GETs reset (TCP RST) after 1 MiB of body: retried, the file is exactly the object.
fn download_reset_mid_body_is_retried(engine: Engine) {
    let data = test_bytes(3 * PART + 11, 111);
    let (_server, proxy, dir, res) = download_through(engine, FaultPlan::cut_after(MIB as u64, 2).with_reset(), &data);
    if let Err(e) = res {
        panic!("download failed: {e:?}");
    }
    assert_eq!(proxy.cuts_made(), 2, "two responses were reset");
    let dest = dir.path().join("out");
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded");
    assert_complete_or_absent(&dest, &data, &[]);
}

/// Two ranged GETs end early (orderly close before Content-Length): retried, the file is exact.
fn download_truncated_body_is_retried(engine: Engine) {
    let data = test_bytes(3 * PART + 12, 112);
    let (_server, proxy, dir, res) = download_through(engine, FaultPlan::cut_after(MIB as u64, 2), &data);
    if let Err(e) = res {
        panic!("download failed: {e:?}");
    }
    assert_eq!(proxy.cuts_made(), 2, "two responses were truncated");
    let dest = dir.path().join("out");
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded");
    assert_complete_or_absent(&dest, &data, &[]);
}

/// Every response body is truncated: after the attempts are spent the download fails with
/// `RetriesExceeded` whose last error is a `Network` error; no file, no temp file.
fn download_always_truncated_fails(engine: Engine) {
    let data = test_bytes(2 * PART, 113);
    let (_server, _proxy, dir, res) = download_through(engine, FaultPlan::cut_after(MIB as u64, u32::MAX), &data);
    let err = res.expect_err("every body is cut: the download must fail");
    match &err {
        TransferError::RetriesExceeded { last } => {
            assert!(matches!(**last, TransferError::Network { .. }), "last error is a network error: {err:?}")
        }
        other => panic!("expected RetriesExceeded, got {other:?}"),
    }
    assert!(!err.is_cancelled());
    assert_eq!(err.http_status(), None, "{err:?}");
    let dest = dir.path().join("out");
    assert!(!dest.exists(), "no partial file");
    assert_complete_or_absent(&dest, &data, &[]);
}

fn upload_through(engine: Engine, plan: FaultPlan, data: &[u8], from_file: bool) -> (TestServer, FaultProxy, Result<(), TransferError>) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), plan);
    let tm = manager(sdk_client_with_attempts(&proxy.endpoint(), 5), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let source: UploadSource =
        if from_file { write_file(dir.path(), "src", data).into() } else { UploadSource::bytes(Bytes::from(data.to_vec())) };
    let res = finish(&tm.upload(source, BUCKET, "obj").start().expect("start"));
    drop(tm);
    (server, proxy, res)
}

/// Two UploadPart requests reset (TCP RST) after 1 MiB of their body: the parts are sent again and
/// the object is exactly the file.
fn upload_part_reset_mid_body_is_retried(engine: Engine) {
    let data = test_bytes(3 * PART + 13, 114);
    let (server, proxy, res) = upload_through(engine, FaultPlan::cut_upload_after(MIB as u64, 2).with_reset(), &data, true);
    if let Err(e) = res {
        panic!("upload failed: {e:?}");
    }
    assert_eq!(proxy.cuts_made(), 2);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("object"), &data, "uploaded");
    assert_object_complete_or_absent(&server, "obj", &data);
}

/// Two UploadPart request bodies cut short (orderly close): sent again, the object is exact.
fn upload_part_truncated_body_is_retried(engine: Engine) {
    let data = test_bytes(3 * PART + 14, 115);
    let (server, proxy, res) = upload_through(engine, FaultPlan::cut_upload_after(MIB as u64, 2), &data, false);
    if let Err(e) = res {
        panic!("upload failed: {e:?}");
    }
    assert_eq!(proxy.cuts_made(), 2);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("object"), &data, "uploaded");
    assert_object_complete_or_absent(&server, "obj", &data);
}

/// Every request body over 1 MiB is cut: the upload fails with a transport error (no HTTP status),
/// the multipart upload is aborted (the small AbortMultipartUpload gets through), no object.
fn upload_part_always_cut_fails(engine: Engine) {
    let data = test_bytes(2 * PART, 116);
    let (server, _proxy, res) = upload_through(engine, FaultPlan::cut_upload_after(MIB as u64, u32::MAX).with_reset(), &data, true);
    let err = res.expect_err("every part is cut: the upload must fail");
    eprintln!("upload error on {engine:?}: {err:?}");
    assert!(!err.is_cancelled(), "{err:?}");
    assert_eq!(err.http_status(), None, "no response arrived: {err:?}");
    match (engine, &err) {
        (Engine::Classic, TransferError::Network { .. }) => {}
        (Engine::Crt, TransferError::S3UploadFailed { cause, .. })
            if matches!(**cause, TransferError::Network { .. } | TransferError::Crt { .. }) => {}
        _ => panic!("expected a network error, got {err:?}"),
    }
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "no object");
    assert_object_complete_or_absent(&server, "obj", &data);
}

engine_tests! {
    download_reset_mid_body_is_retried,
    download_truncated_body_is_retried,
    download_always_truncated_fails,
    upload_part_reset_mid_body_is_retried,
    upload_part_truncated_body_is_retried,
    upload_part_always_cut_fails,
}
