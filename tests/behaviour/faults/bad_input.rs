//! Bad input: disallowed extra args, invalid bucket names, empty and over-long keys, a missing or
//! unreadable source, wrong credentials. Each is refused with the documented error and leaves nothing
//! behind: no object, no open multipart upload, no file. (`../` keys of directory downloads belong to
//! another issue.)

use bytes::Bytes;

use crate::support::*;

const PART: usize = 5 * MIB;

/// Nothing at all was stored under the server's root except the listed objects of `BUCKET`.
#[track_caller]
fn assert_server_holds_only(server: &TestServer, keys: &[&str]) {
    let mut buckets = dir_names(server.root());
    buckets.retain(|n| !n.starts_with('.'));
    assert_eq!(buckets, vec![BUCKET.to_owned()], "no other bucket or top-level object was created");
    let mut want: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    want.sort();
    let mut got = dir_names(&server.root().join(BUCKET));
    got.retain(|n| !n.starts_with('.'));
    assert_eq!(got, want, "objects in the bucket");
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "no multipart upload left open");
}

#[track_caller]
fn assert_invalid_argument(res: Result<(), TransferError>, mentions: &str) -> String {
    match res {
        Err(TransferError::InvalidArgument { message }) => {
            assert!(message.contains(mentions), "the error names {mentions:?}: {message}");
            message
        }
        other => panic!("expected InvalidArgument naming {mentions:?}, got {other:?}"),
    }
}

/// A key outside each operation's allow-list is refused synchronously by `start()`, naming the key;
/// no request is sent.
fn disallowed_extra_args(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"keep me");
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &test_bytes(6 * MIB, 171));
    let dest = dir.path().join("dest");
    let bad = || ExtraArgs::new().set("Bucket", "other").set("NotAnArg", "x");
    let r = tm.upload(src.clone(), BUCKET, "up").extra_args(bad()).start().map(|_| ());
    assert_invalid_argument(r, "Invalid extra_args key");
    let r = tm.download(BUCKET, "existing", dest.clone()).extra_args(bad()).start().map(|_| ());
    assert_invalid_argument(r, "Invalid extra_args key");
    let cs = CopySource { bucket: BUCKET.into(), key: "existing".into(), version_id: None };
    let r = tm.copy(cs, BUCKET, "copied").extra_args(bad()).start().map(|_| ());
    assert_invalid_argument(r, "Invalid extra_args key");
    let r = tm.delete(BUCKET, "existing").extra_args(bad()).start().map(|_| ());
    assert_invalid_argument(r, "Invalid extra_args key");
    assert!(server.requests().is_empty(), "nothing sent: {:?}", server.requests());
    assert_server_holds_only(&server, &["existing"]);
    assert_eq!(dir_names(dir.path()), vec!["src".to_owned()]);
}

/// Bucket names S3 can never have are refused synchronously by `start()` with `InvalidArgument`
/// (botocore's bucket-name check), on every operation, before anything is sent: in particular a name
/// with `/` can never write a key into another bucket (the CRT engine, which builds path-style URLs
/// itself, uploaded `test-bucket/evil` + `k` as the key `evil/k` of `test-bucket` before this check).
fn invalid_bucket_names(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"keep me");
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", b"small source");
    let big = write_file(dir.path(), "big", &test_bytes(6 * MIB, 172));
    let r = start_result(tm.upload(src.clone(), "", "k").start());
    assert_invalid_argument(r, "bucket");
    for bucket in [format!("{BUCKET}/evil"), "Bad Bucket!".to_owned(), "a".repeat(300), "../x".to_owned()] {
        for source in [&src, &big] {
            let r = tm.upload(source.clone(), &bucket, "k").start().map(|_| ());
            assert_invalid_argument(r, "Invalid bucket name");
        }
        let dest = dir.path().join("dest");
        let r = tm.download(&bucket, "existing", dest.clone()).start().map(|_| ());
        assert_invalid_argument(r, "Invalid bucket name");
        let cs = CopySource { bucket: bucket.clone(), key: "existing".into(), version_id: None };
        assert_invalid_argument(tm.copy(cs, BUCKET, "copied").start().map(|_| ()), "Invalid bucket name");
        assert_invalid_argument(tm.delete(&bucket, "existing").start().map(|_| ()), "Invalid bucket name");
        assert!(!dest.exists(), "no file");
    }
    drop(tm);
    assert_server_holds_only(&server, &["existing"]);
    assert_eq!(dir_names(dir.path()), vec!["big".to_owned(), "src".to_owned()]);
}

/// An empty key is refused synchronously by `start()` with `InvalidArgument` (botocore: "Invalid
/// length for parameter Key"), on every operation, before anything is sent. Before this check the CRT
/// engine sent `PUT /bucket/` (a CreateBucket) for an upload and `GET /bucket/` (a bucket listing)
/// for a download, and the classic engine failed late with a request-construction error.
fn empty_key(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"keep me");
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", b"small source");
    assert_invalid_argument(tm.upload(src.clone(), BUCKET, "").start().map(|_| ()), "parameter Key");
    let bytes = UploadSource::bytes(Bytes::from(test_bytes(6 * MIB, 173)));
    assert_invalid_argument(tm.upload(bytes, BUCKET, "").start().map(|_| ()), "parameter Key");
    let dest = dir.path().join("dest");
    assert_invalid_argument(tm.download(BUCKET, "", dest.clone()).start().map(|_| ()), "parameter Key");
    let cs = CopySource { bucket: BUCKET.into(), key: "".into(), version_id: None };
    assert_invalid_argument(tm.copy(cs, BUCKET, "copied").start().map(|_| ()), "parameter Key");
    let cs = CopySource { bucket: BUCKET.into(), key: "existing".into(), version_id: None };
    assert_invalid_argument(tm.copy(cs, BUCKET, "").start().map(|_| ()), "parameter Key");
    assert_invalid_argument(tm.delete(BUCKET, "").start().map(|_| ()), "parameter Key");
    assert!(!dest.exists(), "no file (in particular not a bucket listing)");
    assert!(server.requests().is_empty(), "nothing sent: {:?}", server.requests());
    drop(tm);
    assert_server_holds_only(&server, &["existing"]);
    assert_eq!(dir_names(dir.path()), vec!["src".to_owned()]);
}

/// A key longer than S3's 1024-byte limit: refused by the server (400 KeyTooLongError, as S3 does;
/// the library leaves the limit to S3), nothing stored, no multipart upload left, no file.
fn over_long_key(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let key = "k".repeat(1025);
    let src = write_file(dir.path(), "src", b"small source");
    for source in [UploadSource::from(src), UploadSource::bytes(Bytes::from(test_bytes(6 * MIB, 174)))] {
        let r = start_result(tm.upload(source, BUCKET, &key).start());
        let err = r.expect_err("an over-long key must fail");
        assert_upload_service_error(engine, &err, 400, "KeyTooLongError");
    }
    let dest = dir.path().join("dest");
    let r = start_result(tm.download(BUCKET, &key, dest.clone()).start());
    let err = r.expect_err("an over-long key must fail");
    // Classic's HeadObject 400 has no body, so no code (documented for bodiless HEAD errors).
    assert_eq!(err.http_status(), Some(400), "{err:?}");
    assert!(!dest.exists());
    drop(tm);
    assert_server_holds_only(&server, &[]);
    assert_eq!(dir_names(dir.path()), vec!["src".to_owned()]);
}

/// A source file that does not exist: `Io` NotFound naming the path; nothing sent.
fn missing_source(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.bin");
    let err = start_result(tm.upload(missing.clone(), BUCKET, "obj").start()).expect_err("missing source");
    match &err {
        TransferError::Io { path, kind, .. } => {
            assert_eq!(path.as_deref(), Some(missing.as_path()));
            assert_eq!(*kind, std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Io(NotFound), got {other:?}"),
    }
    assert!(server.requests().is_empty(), "nothing sent: {:?}", server.requests());
    assert_server_holds_only(&server, &[]);
}

/// A source that cannot be read as a file (a directory; the tests run as root, which can read any
/// regular file regardless of its mode): `Io` naming the path; nothing stored.
fn unreadable_source(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a-directory");
    std::fs::create_dir(&sub).unwrap();
    let err = start_result(tm.upload(sub.clone(), BUCKET, "obj").start()).expect_err("a directory is no source");
    eprintln!("{engine:?}: directory as source: {err:?}");
    match &err {
        TransferError::Io { path, .. } => assert_eq!(path.as_deref(), Some(sub.as_path())),
        other => panic!("expected Io, got {other:?}"),
    }
    drop(tm);
    assert_server_holds_only(&server, &[]);
}

/// A wrong secret key: uploads (single and multipart) and a download fail with 403; nothing stored,
/// no upload left open, no file.
fn wrong_credentials(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"content");
    let tm = manager(server.sdk_client_with_secret("wrong"), config_sized(engine, PART, PART));
    for (key, len) in [("small", 10), ("multi", 6 * MIB)] {
        let err = finish_err(&tm.upload(UploadSource::bytes(Bytes::from(test_bytes(len, 175))), BUCKET, key).start().expect("start"));
        assert_upload_service_error(engine, &err, 403, "SignatureDoesNotMatch");
    }
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let err = finish_err(&tm.download(BUCKET, "existing", dest.clone()).start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert!(!err.is_cancelled());
    assert!(!dest.exists());
    assert!(dir_names(dir.path()).is_empty());
    drop(tm);
    assert_server_holds_only(&server, &["existing"]);
}

engine_tests! {
    disallowed_extra_args,
    invalid_bucket_names,
    empty_key,
    over_long_key,
    missing_source,
    unreadable_source,
    wrong_credentials,
}
