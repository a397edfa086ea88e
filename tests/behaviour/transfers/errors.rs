//! Bad input and refused requests: a clear error, and nothing created or left behind.

use crate::support::*;
use bytes::Bytes;

/// Uploading a file that does not exist: an I/O error naming the path; nothing on the server.
fn upload_missing_file_fails_with_path(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("does-not-exist.bin");
    let tm = manager(server.sdk_client(), config(engine));
    let err = start_result(tm.upload(missing.clone(), BUCKET, "obj").start()).expect_err("must fail");
    match &err {
        TransferError::Io { path, kind, .. } => {
            assert_eq!(path.as_deref(), Some(missing.as_path()), "the error names the file");
            assert_eq!(*kind, std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Io for a missing file, got {other:?}"),
    }
    assert!(err.to_string().contains("does-not-exist.bin"), "message names the file: {err}");
    assert_eq!(server.object_bytes(BUCKET, "obj"), None, "nothing created on the server");
    assert!(server.open_multipart_uploads().is_empty());
    assert!(dir_names(dir.path()).is_empty(), "nothing created locally");
}

fn assert_invalid_arg(res: s3transfer::Result<TransferFuture>, key: &str) {
    match res {
        Ok(_) => panic!("a disallowed extra arg {key:?} must be refused synchronously by start()"),
        Err(TransferError::InvalidArgument { message }) => {
            assert!(message.contains(key), "the error names the key {key:?}: {message}")
        }
        Err(other) => panic!("expected InvalidArgument for {key:?}, got {other:?}"),
    }
}

/// A key that is not on the allow-list is refused synchronously, naming the key, for all four
/// operations; nothing is sent or written.
fn disallowed_extra_arg_is_refused_synchronously(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"keep me");
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", b"data");
    let dest = dir.path().join("dest");
    let tm = manager(server.sdk_client(), config(engine));

    assert_invalid_arg(tm.upload(src.clone(), BUCKET, "up").extra_args(ExtraArgs::new().set("Bogus", "1")).start(), "Bogus");
    // Upstream's allow-lists have no Range/IfMatch for downloads (the manager sets them itself).
    assert_invalid_arg(tm.download(BUCKET, "existing", dest.clone()).extra_args(ExtraArgs::new().set("Range", "bytes=0-1")).start(), "Range");
    let cs = CopySource { bucket: BUCKET.into(), key: "existing".into(), version_id: None };
    assert_invalid_arg(tm.copy(cs, BUCKET, "copied").extra_args(ExtraArgs::new().set("NotACopyArg", "x")).start(), "NotACopyArg");
    // Delete allows only MFA, VersionId, RequestPayer, ExpectedBucketOwner.
    assert_invalid_arg(tm.delete(BUCKET, "existing").extra_args(ExtraArgs::new().set("ContentType", "a/b")).start(), "ContentType");

    assert!(server.object_bytes(BUCKET, "up").is_none(), "object must not exist");
    assert!(server.object_bytes(BUCKET, "copied").is_none(), "object must not exist");
    assert_eq!(server.object_bytes(BUCKET, "existing").as_deref(), Some(&b"keep me"[..]));
    assert!(!dest.exists());
    assert!(server.requests().is_empty(), "no request may be sent: {:?}", server.requests());
}

/// Allowed args reach the server: ContentType and Metadata are stored with the object (single PUT
/// and multipart), as HeadObject shows.
fn allowed_extra_args_reach_the_server(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    for (key, len) in [("single", 1000), ("multi", 6 * MIB)] {
        let args = ExtraArgs::new()
            .set("ContentType", "application/x-test")
            .metadata("color", "blue")
            .metadata("shape", "round");
        let data = test_bytes(len, 21);
        let fut = tm
            .upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, key)
            .extra_args(args)
            .start()
            .expect("start");
        finish_ok(&fut);
        let h = head(server.sdk_client(), key);
        assert_eq!(h.content_type(), Some("application/x-test"), "{key}: ContentType");
        let md = h.metadata().expect("user metadata");
        assert_eq!(md.get("color").map(String::as_str), Some("blue"), "{key}: metadata {md:?}");
        assert_eq!(md.get("shape").map(String::as_str), Some("round"), "{key}: metadata {md:?}");
        assert_bytes_eq(&server.object_bytes(BUCKET, key).unwrap(), &data, key);
    }
}

/// SSE-C: the three headers reach every request that needs them — PutObject; CreateMultipartUpload,
/// every UploadPart and CompleteMultipartUpload; HeadObject and every GET of a download.
///
/// s3s-fs 0.14.1 does not implement SSE-C (it accepts the headers, stores plaintext and serves the
/// object without them), so the server's storage cannot show encryption; the recording server shows
/// the headers instead.
fn sse_c_headers_reach_every_request(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let (args, headers) = sse_c_args();
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));

    let small = test_bytes(1000, 22);
    finish_ok(
        &tm.upload(UploadSource::bytes(Bytes::from(small.clone())), BUCKET, "small")
            .extra_args(args.clone())
            .start()
            .expect("start"),
    );
    let puts = server.requests_of("PutObject");
    assert_eq!(puts.len(), 1);
    assert_sse_c(&puts[0], &headers);
    // What s3s-fs really does with SSE-C: nothing. The object is served to a GET without the key (real
    // S3 would answer 400), as plaintext. So only the request headers can show that SSE-C was sent.
    let plain = block_on(async {
        let c = server.sdk_client();
        let get = c.get_object().bucket(BUCKET).key("small").send();
        let out = tokio::time::timeout(WAIT, get).await.expect("GET timed out").expect("GET without SSE-C key");
        out.body.collect().await.expect("body").into_bytes()
    });
    assert_eq!(&plain[..], &small[..], "s3s-fs stores SSE-C objects as plaintext");

    server.clear_requests();
    let big = test_bytes(11 * MIB, 23);
    finish_ok(
        &tm.upload(UploadSource::bytes(Bytes::from(big.clone())), BUCKET, "big")
            .extra_args(args.clone())
            .start()
            .expect("start"),
    );
    assert_bytes_eq(&server.object_bytes(BUCKET, "big").unwrap(), &big, "big");
    let reqs = server.requests();
    let parts: Vec<_> = reqs.iter().filter(|r| r.op == "UploadPart").collect();
    assert_eq!(parts.len(), 3, "three parts: {:?}", reqs.iter().map(|r| &r.op).collect::<Vec<_>>());
    for r in reqs.iter().filter(|r| matches!(r.op.as_str(), "CreateMultipartUpload" | "UploadPart" | "CompleteMultipartUpload")) {
        assert_sse_c(r, &headers);
    }
    assert_eq!(reqs.iter().filter(|r| r.op == "CompleteMultipartUpload").count(), 1);

    server.clear_requests();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("big");
    let mut cfg = config_sized(engine, 4 * MIB, 4 * MIB);
    cfg.engine = engine;
    let tm2 = manager(server.sdk_client(), cfg);
    finish_ok(&tm2.download(BUCKET, "big", dest.clone()).extra_args(args.clone()).start().expect("start"));
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &big, "downloaded");
    let reqs = server.requests();
    let gets: Vec<_> = reqs.iter().filter(|r| matches!(r.op.as_str(), "GetObject" | "HeadObject")).collect();
    assert!(reqs.iter().filter(|r| r.op == "GetObject").count() >= 3, "ranged GETs: {reqs:?}");
    for r in gets {
        assert_sse_c(r, &headers);
    }
}

/// A missing key: the download fails with 404 and the destination is not created.
///
/// The classic engine learns the size with HeadObject first; a HEAD response has no body, so S3 (and
/// s3s-fs) cannot send the `NoSuchKey` code: the SDK reports `NotFound`. The documented behaviour is
/// therefore: `http_status() == Some(404)`, `s3_code()` is `NoSuchKey` or `NotFound`.
fn download_missing_key_is_404(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("never");
    let tm = manager(server.sdk_client(), config(engine));
    let rec = Recorder::new();
    let err = finish_err(&tm.download(BUCKET, "no/such/key", dest.clone()).subscriber(rec.clone()).start().expect("start"));
    assert_eq!(err.http_status(), Some(404), "{err:?}");
    assert!(matches!(err.s3_code(), Some("NoSuchKey") | Some("NotFound")), "s3_code: {:?} ({err:?})", err.s3_code());
    if engine == Engine::Classic {
        // Documented (error.rs): a bodiless HeadObject 404 is reported with the code "NotFound".
        assert_eq!(err.s3_code(), Some("NotFound"), "{err:?}");
    }
    assert!(!err.is_cancelled());
    assert!(!dest.exists(), "destination not created");
    assert!(dir_names(dir.path()).is_empty(), "no temp file left");
    rec.assert_order();
    assert_eq!(rec.progress_total(), 0);

    // With size and ETag given there is no HeadObject: the GET's error body names the real code.
    let err = finish_err(
        &tm.download(BUCKET, "no/such/key", dest.clone()).size(10).etag("\"0123\"").start().expect("start"),
    );
    assert_eq!(err.http_status(), Some(404), "{err:?}");
    assert_eq!(err.s3_code(), Some("NoSuchKey"), "{err:?}");
    assert!(!dest.exists());
    assert!(dir_names(dir.path()).is_empty(), "no temp file left");

    // Also into a writer: nothing written.
    if engine == Engine::Crt {
        return; // CRT engine differs: it downloads to files only (writers are refused, see crt_parity).
    }
    let w = VecWriter::default();
    let err = finish_err(&tm.download(BUCKET, "no/such/key", DownloadTarget::writer(w.clone())).start().expect("start"));
    assert_eq!(err.http_status(), Some(404));
    assert!(w.bytes().is_empty());
}

/// A GET that has a body reports the real code: a copy from a missing source fails with 404 and no
/// destination object.
fn copy_missing_source_is_404(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config(engine));
    let cs = CopySource { bucket: BUCKET.into(), key: "nope".into(), version_id: None };
    let err = finish_err(&tm.copy(cs, BUCKET, "dest").start().expect("start"));
    assert_eq!(err.http_status(), Some(404), "{err:?}");
    assert!(server.object_bytes(BUCKET, "dest").is_none(), "object must not exist");
    assert!(server.open_multipart_uploads().is_empty());
}

/// Wrong secret key: uploads fail with 403 SignatureDoesNotMatch (PUT and CreateMultipartUpload have
/// an error body); a download fails with 403 (its HeadObject has no body, so only the status is
/// certain); nothing is created anywhere.
fn wrong_credentials_are_refused(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "existing", b"content");
    let tm = manager(server.sdk_client_with_secret("wrong"), config_sized(engine, 5 * MIB, 5 * MIB));
    for (key, len) in [("small", 10), ("multi", 6 * MIB)] {
        let err = finish_err(
            &tm.upload(UploadSource::bytes(Bytes::from(test_bytes(len, 1))), BUCKET, key).start().expect("start"),
        );
        assert_eq!(err.http_status(), Some(403), "{key}: {err:?}");
        assert_eq!(err.s3_code(), Some("SignatureDoesNotMatch"), "{key}: {err:?}");
        assert!(server.object_bytes(BUCKET, key).is_none(), "object must not exist");
    }
    assert!(server.open_multipart_uploads().is_empty());

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let err = finish_err(&tm.download(BUCKET, "existing", dest.clone()).start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    if engine == Engine::Classic {
        // Documented: a bodiless HeadObject 403 is reported with the code "Forbidden".
        assert_eq!(err.s3_code(), Some("Forbidden"), "{err:?}");
    }
    assert!(!dest.exists());
    assert!(dir_names(dir.path()).is_empty());

    let err = finish_err(&tm.delete(BUCKET, "existing").start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert_eq!(err.s3_code(), Some("SignatureDoesNotMatch"), "DeleteObject's error has a body: {err:?}");
    assert_eq!(server.object_bytes(BUCKET, "existing").as_deref(), Some(&b"content"[..]));
}

/// SSE-C on a multipart copy: the source key (`CopySourceSSECustomer*`) goes to the source
/// HeadObject (renamed to the plain SSE-C headers) and to every UploadPartCopy; the destination key
/// (`SSECustomer*`) to CreateMultipartUpload, every UploadPartCopy and CompleteMultipartUpload.
fn sse_c_headers_reach_every_copy_request(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 24);
    server.put_object_bytes(BUCKET, "src", &data);
    let (dst_args, dst_headers) = sse_c_args();
    let src_key = [9u8; 32];
    let src_key_b64 = aws_smithy_types::base64::encode(src_key);
    let src_md5_b64 = {
        use md5::Digest;
        aws_smithy_types::base64::encode(md5::Md5::digest(src_key))
    };
    let args = dst_args
        .set("CopySourceSSECustomerAlgorithm", "AES256")
        .set("CopySourceSSECustomerKey", src_key_b64.clone())
        .set("CopySourceSSECustomerKeyMD5", src_md5_b64.clone());
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let cs = CopySource { bucket: BUCKET.into(), key: "src".into(), version_id: None };
    finish_ok(&tm.copy(cs, BUCKET, "dst").extra_args(args).start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "dst").unwrap(), &data, "copy");

    let reqs = server.requests();
    let heads: Vec<_> = reqs.iter().filter(|r| r.op == "HeadObject").collect();
    assert_eq!(heads.len(), 1, "one HeadObject of the source");
    assert_eq!(heads[0].header("x-amz-server-side-encryption-customer-key"), Some(src_key_b64.as_str()), "source key on HeadObject");
    let parts: Vec<_> = reqs.iter().filter(|r| r.op == "UploadPartCopy").collect();
    assert_eq!(parts.len(), 3);
    for p in &parts {
        assert_eq!(p.header("x-amz-copy-source-server-side-encryption-customer-key"), Some(src_key_b64.as_str()), "{p:?}");
        assert_eq!(p.header("x-amz-copy-source-server-side-encryption-customer-key-md5"), Some(src_md5_b64.as_str()));
        assert_eq!(p.header("x-amz-copy-source-server-side-encryption-customer-algorithm"), Some("AES256"));
        assert_sse_c(p, &dst_headers);
    }
    for r in reqs.iter().filter(|r| matches!(r.op.as_str(), "CreateMultipartUpload" | "CompleteMultipartUpload")) {
        assert_sse_c(r, &dst_headers);
        assert_eq!(r.header("x-amz-copy-source-server-side-encryption-customer-key"), None, "{} gets no source key", r.op);
    }
}

/// Argument routing: object attributes (Metadata, CacheControl, ContentType) go to
/// CreateMultipartUpload only, never to the parts or the completion; a copy's MetadataDirective goes to
/// a single CopyObject but never to CreateMultipartUpload (a multipart copy with ChecksumAlgorithm
/// still works: UploadPartCopy has no such member).
fn extra_args_routing_multipart_upload_and_copy(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let args = ExtraArgs::new().set("ContentType", "application/x-test").set("CacheControl", "max-age=7").metadata("color", "blue");
    let data = test_bytes(11 * MIB, 25);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "up").extra_args(args).start().expect("start"));
    for r in server.requests() {
        match r.op.as_str() {
            "CreateMultipartUpload" => {
                assert_eq!(r.header("x-amz-meta-color"), Some("blue"), "{r:?}");
                assert_eq!(r.header("cache-control"), Some("max-age=7"), "{r:?}");
                assert_eq!(r.header("content-type"), Some("application/x-test"), "{r:?}");
            }
            "UploadPart" | "CompleteMultipartUpload" => {
                assert_eq!(r.header("x-amz-meta-color"), None, "{} must not carry Metadata", r.op);
                assert_eq!(r.header("cache-control"), None, "{} must not carry CacheControl", r.op);
            }
            _ => {}
        }
    }
    let h = head(server.sdk_client(), "up");
    assert_eq!(h.cache_control(), Some("max-age=7"));

    server.clear_requests();
    let cs = |k: &str| CopySource { bucket: BUCKET.into(), key: k.into(), version_id: None };
    let args = ExtraArgs::new()
        .set("MetadataDirective", "REPLACE")
        .set("ChecksumAlgorithm", "CRC32")
        .metadata("color", "green");
    finish_ok(&tm.copy(cs("up"), BUCKET, "copy-multi").extra_args(args.clone()).start().expect("start"));
    let reqs = server.requests();
    if engine == Engine::Crt {
        // CRT engine differs: aws-c-s3 copies objects below 1 GiB with one CopyObject (it has no
        // smaller multipart-copy threshold), so the args travel on that request.
        let copies: Vec<_> = reqs.iter().filter(|r| r.op == "CopyObject").collect();
        assert_eq!(copies.len(), 1, "{:?}", reqs.iter().map(|r| &r.op).collect::<Vec<_>>());
        assert_eq!(copies[0].header("x-amz-meta-color"), Some("green"));
    } else {
    assert_eq!(reqs.iter().filter(|r| r.op == "UploadPartCopy").count(), 3, "{:?}", reqs.iter().map(|r| &r.op).collect::<Vec<_>>());
    for r in &reqs {
        match r.op.as_str() {
            "CreateMultipartUpload" => {
                assert_eq!(r.header("x-amz-metadata-directive"), None, "no MetadataDirective on CreateMultipartUpload");
                assert_eq!(r.header("x-amz-meta-color"), Some("green"));
            }
            "UploadPartCopy" => {
                assert_eq!(r.header("x-amz-meta-color"), None);
            }
            _ => {}
        }
    }
    }
    let h = head(server.sdk_client(), "copy-multi");
    assert_eq!(h.metadata().and_then(|m| m.get("color")).map(String::as_str), Some("green"));

    // A single CopyObject gets every arg, MetadataDirective included.
    server.put_object_bytes(BUCKET, "small", b"small object");
    server.clear_requests();
    let args = ExtraArgs::new().set("MetadataDirective", "REPLACE").metadata("color", "red");
    finish_ok(&tm.copy(cs("small"), BUCKET, "copy-small").extra_args(args).start().expect("start"));
    let copies = server.requests_of("CopyObject");
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].header("x-amz-metadata-directive"), Some("REPLACE"));
    let h = head(server.sdk_client(), "copy-small");
    assert_eq!(h.metadata().and_then(|m| m.get("color")).map(String::as_str), Some("red"));
}

/// Object versions and the request-payer / bucket-owner arguments: a download sends
/// `versionId`, `x-amz-request-payer` and `x-amz-expected-bucket-owner` on its HeadObject and on every
/// ranged GET; a copy of a source version names that version in every `x-amz-copy-source` and on the
/// source's HeadObject; a multipart upload sends the payer and owner on every request; a delete
/// sends `versionId` and `x-amz-mfa`. (s3s-fs keeps no versions and ignores
/// these arguments, so the transfers succeed on the current object; the requests are what is checked.)
/// The CRT engine refuses a versioned copy (aws-c-s3 cannot copy a source version) with a pointer to
/// Engine::Auto, which runs it on classic.
fn version_and_payer_args_reach_every_request(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 31);
    server.put_object_bytes(BUCKET, "obj", &data);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    let owner = "111122223333";
    let args = ExtraArgs::new().set("VersionId", "v-1").set("RequestPayer", "requester").set("ExpectedBucketOwner", owner);
    let has_version = |r: &RecordedRequest| r.uri.contains("versionId=v-1");

    // Download: HeadObject (if the engine makes one) and every GET.
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("obj");
    finish_ok(&tm.download(BUCKET, "obj", dest.clone()).extra_args(args.clone()).start().expect("start"));
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded");
    let reqs = server.requests();
    let reads: Vec<_> = reqs.iter().filter(|r| matches!(r.op.as_str(), "GetObject" | "HeadObject")).collect();
    assert!(reqs.iter().filter(|r| r.op == "GetObject").count() >= 3, "ranged GETs: {reqs:?}");
    for r in &reads {
        assert!(has_version(r), "{} without the version: {}", r.op, r.uri);
        assert_eq!(r.header("x-amz-request-payer"), Some("requester"), "{} {}", r.op, r.uri);
        assert_eq!(r.header("x-amz-expected-bucket-owner"), Some(owner), "{} {}", r.op, r.uri);
    }

    // Copy of a source version (multipart: 11 MiB over a 5 MiB threshold).
    server.clear_requests();
    let source = CopySource { bucket: BUCKET.into(), key: "obj".into(), version_id: Some("v-1".into()) };
    let started = tm.copy(source, BUCKET, "copy").extra_args(ExtraArgs::new().set("RequestPayer", "requester")).start();
    if engine == Engine::Crt {
        let e = started.expect_err("the CRT engine cannot copy a source version");
        assert!(matches!(e, TransferError::InvalidArgument { .. }) && e.to_string().contains("Engine::Auto"), "{e}");
        assert!(server.requests().is_empty(), "nothing sent: {:?}", server.requests());
    } else {
        finish_ok(&started.expect("start"));
        assert_bytes_eq(&server.object_bytes(BUCKET, "copy").unwrap(), &data, "copy");
        let reqs = server.requests();
        let head = reqs.iter().find(|r| r.op == "HeadObject").expect("HeadObject of the source");
        assert!(has_version(head), "source HeadObject names the version: {}", head.uri);
        let parts: Vec<_> = reqs.iter().filter(|r| r.op == "UploadPartCopy").collect();
        assert_eq!(parts.len(), 3, "{reqs:?}");
        for p in &parts {
            let src = p.header("x-amz-copy-source").unwrap_or_default();
            assert!(src.ends_with("?versionId=v-1"), "copy source names the version: {src}");
            assert_eq!(p.header("x-amz-request-payer"), Some("requester"));
        }
        for r in reqs.iter().filter(|r| matches!(r.op.as_str(), "CreateMultipartUpload" | "CompleteMultipartUpload")) {
            assert_eq!(r.header("x-amz-request-payer"), Some("requester"), "{}", r.op);
        }
    }

    // A multipart upload: the payer and the owner on CreateMultipartUpload, every part and the
    // completion.
    server.clear_requests();
    let payer = ExtraArgs::new().set("RequestPayer", "requester").set("ExpectedBucketOwner", owner);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "up").extra_args(payer).start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "up").unwrap(), &data, "uploaded");
    let reqs = server.requests();
    let mpu: Vec<_> = reqs.iter().filter(|r| matches!(r.op.as_str(), "CreateMultipartUpload" | "UploadPart" | "CompleteMultipartUpload")).collect();
    assert_eq!(mpu.len(), 5, "create, three parts, complete: {:?}", reqs.iter().map(|r| &r.op).collect::<Vec<_>>());
    for r in mpu {
        assert_eq!(r.header("x-amz-request-payer"), Some("requester"), "{} {}", r.op, r.uri);
        assert_eq!(r.header("x-amz-expected-bucket-owner"), Some(owner), "{} {}", r.op, r.uri);
    }

    // Delete of a version, with MFA.
    server.clear_requests();
    let mfa = "arn:aws:iam::111122223333:mfa/user 123456";
    finish_ok(&tm.delete(BUCKET, "obj").extra_args(ExtraArgs::new().set("VersionId", "v-1").set("MFA", mfa)).start().expect("start"));
    let deletes = server.requests_of("DeleteObject");
    assert_eq!(deletes.len(), 1, "{:?}", server.requests());
    assert!(has_version(&deletes[0]), "DeleteObject names the version: {}", deletes[0].uri);
    assert_eq!(deletes[0].header("x-amz-mfa"), Some(mfa));
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "s3s-fs (no versions) deleted the object");
    assert!(server.open_multipart_uploads().is_empty());
}

engine_tests! {
    upload_missing_file_fails_with_path,
    disallowed_extra_arg_is_refused_synchronously,
    allowed_extra_args_reach_the_server,
    sse_c_headers_reach_every_request,
    sse_c_headers_reach_every_copy_request => refused(SseCSourceCopy, "the CRT's own source HeadObject cannot carry the source's SSE-C key"),
    extra_args_routing_multipart_upload_and_copy,
    download_missing_key_is_404,
    copy_missing_source_is_404,
    wrong_credentials_are_refused,
    version_and_payer_args_reach_every_request,
}
