//! Directory transfers (`upload_directory` / `download_directory`) against the in-process s3s-fs
//! server, on both engines: nested trees round-trip byte for byte, filters, keys that would escape the
//! target directory, and one failing file among good ones.


use std::path::{Path, PathBuf};

use s3s::dto::*;
use s3s::{S3Request, S3Response, S3Result, S3};
use s3transfer::{DirectoryReport, Engine, TransferConfig, TransferError, TransferManager};
use crate::support::*;

const BUCKET: &str = "dir-bucket";

fn manager(server: &TestServer, engine: Engine) -> TransferManager {
    // A small threshold so the larger files go multipart / ranged on both engines.
    let config = TransferConfig {
        engine,
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        ..Default::default()
    };
    TransferManager::new(server.sdk_client(), config).expect("manager")
}

/// Runs a directory transfer on a runtime of the test's own, bounded by [`WAIT`].
fn run<F: std::future::IntoFuture<Output = s3transfer::Result<DirectoryReport>>>(f: F) -> DirectoryReport {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async { tokio::time::timeout(WAIT, f.into_future()).await })
        .expect("directory transfer finished in time")
        .expect("directory transfer ran")
}

fn write(path: &Path, data: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

/// A nested tree: (relative path, bytes).
fn tree() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("top.txt", test_bytes(1000, 1)),
        ("empty.bin", Vec::new()),
        ("a/one.txt", test_bytes(4096, 2)),
        ("a/b/c/deep.bin", test_bytes(6 << 20, 3)),
        ("a/b/two.log", test_bytes(10, 4)),
        ("z with space/ü.txt", test_bytes(77, 5)),
    ]
}

fn keys(report: &DirectoryReport) -> Vec<String> {
    let mut k: Vec<String> = report.succeeded.iter().map(|f| f.key.clone()).collect();
    k.sort();
    k
}

fn failed_keys(report: &DirectoryReport) -> Vec<String> {
    let mut k: Vec<String> = report.failed.iter().map(|f| f.key.clone()).collect();
    k.sort();
    k
}

fn nested_tree_round_trips(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(&server, engine);
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    for (rel, data) in tree() {
        write(&src.join(rel), &data);
    }

    let up = run(tm.upload_directory(&src, BUCKET, "backup"));
    assert!(up.is_success(), "{:?}", up.failed);
    let mut expected: Vec<String> = tree().iter().map(|(rel, _)| format!("backup/{rel}")).collect();
    expected.sort();
    assert_eq!(keys(&up), expected);
    for (rel, data) in tree() {
        assert_eq!(server.object_bytes(BUCKET, &format!("backup/{rel}")).as_deref(), Some(&data[..]), "{rel}");
    }

    let dst = work.path().join("dst");
    let down = run(tm.download_directory(BUCKET, "backup/", &dst));
    assert!(down.is_success(), "{:?}", down.failed);
    assert_eq!(keys(&down), expected);
    assert_eq!(down.bytes(), tree().iter().map(|(_, d)| d.len() as u64).sum::<u64>());
    for (rel, data) in tree() {
        assert_eq!(std::fs::read(dst.join(rel)).unwrap(), data, "{rel}");
    }
    assert!(server.open_multipart_uploads().is_empty());
    tm.shutdown(false, "");
}

fn filters_choose_files(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(&server, engine);
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    for (rel, data) in tree() {
        write(&src.join(rel), &data);
    }

    let up = run(tm.upload_directory(&src, BUCKET, "f/").filter(|p| p.extension().is_some_and(|e| e == "txt")));
    assert!(up.is_success(), "{:?}", up.failed);
    assert_eq!(keys(&up), ["f/a/one.txt", "f/top.txt", "f/z with space/ü.txt"]);
    assert!(server.object_bytes(BUCKET, "f/a/b/c/deep.bin").is_none());
    assert!(server.object_bytes(BUCKET, "f/a/b/two.log").is_none());

    let dst = work.path().join("dst");
    let down = run(tm.download_directory(BUCKET, "f", &dst).filter(|key| key.starts_with("f/a/")));
    assert!(down.is_success(), "{:?}", down.failed);
    assert_eq!(keys(&down), ["f/a/one.txt"]);
    assert_eq!(std::fs::read(dst.join("a/one.txt")).unwrap(), test_bytes(4096, 2));
    assert!(!dst.join("top.txt").exists());
    tm.shutdown(false, "");
}

/// s3s-fs forwarded, except that listings also carry keys that no file system could produce
/// (S3 allows any UTF-8 key), so the client must refuse them itself.
struct HostileListing {
    fs: s3s_fs::FileSystem,
    extra: Vec<String>,
}

#[async_trait::async_trait]
impl S3 for HostileListing {
    async fn head_object(&self, req: S3Request<HeadObjectInput>) -> S3Result<S3Response<HeadObjectOutput>> {
        self.fs.head_object(req).await
    }
    async fn get_object(&self, req: S3Request<GetObjectInput>) -> S3Result<S3Response<GetObjectOutput>> {
        self.fs.get_object(req).await
    }
    async fn list_objects_v2(&self, req: S3Request<ListObjectsV2Input>) -> S3Result<S3Response<ListObjectsV2Output>> {
        let mut resp = self.fs.list_objects_v2(req).await?;
        let contents = resp.output.contents.get_or_insert_with(Vec::new);
        for key in &self.extra {
            contents.push(Object { key: Some(key.clone()), size: Some(5), ..Default::default() });
        }
        resp.output.key_count = Some(contents.len() as i32);
        Ok(resp)
    }
}

fn escaping_keys_are_refused(engine: Engine) {
    let hostile = ["dl/../evil", "dl/a/../../evil", "dl//evil", "dl/..\\evil", "dl/./evil"];
    let server = TestServer::start_wrapped(ServerOptions::default(), |fs| HostileListing {
        fs,
        extra: hostile.iter().map(|s| s.to_string()).collect(),
    });
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "dl/ok.txt", b"fine!");
    // If the client did GET `dl/../evil`, s3s-fs would resolve it to this real object and serve it.
    server.put_object_bytes(BUCKET, "evil", b"EVIL!");
    let tm = manager(&server, engine);
    let work = tempfile::tempdir().unwrap();
    let dst = work.path().join("inside").join("target");

    let report = run(tm.download_directory(BUCKET, "dl/", &dst));
    assert_eq!(keys(&report), ["dl/ok.txt"]);
    let mut expected_failed: Vec<String> = hostile.iter().map(|s| s.to_string()).collect();
    expected_failed.sort();
    assert_eq!(failed_keys(&report), expected_failed);
    for f in &report.failed {
        assert!(matches!(f.error, TransferError::InvalidArgument { .. }), "{}: {:?}", f.key, f.error);
        assert!(f.error.to_string().contains("refusing to download"), "{}", f.error);
        assert!(f.path.is_none());
    }
    assert_eq!(std::fs::read(dst.join("ok.txt")).unwrap(), b"fine!");
    // Nothing anywhere else: the only entries under the work dir are the target and its one file.
    let all: Vec<PathBuf> = walk(work.path());
    assert_eq!(all, vec![work.path().join("inside"), dst.clone(), dst.join("ok.txt")], "{all:?}");
    tm.shutdown(false, "");
}

/// A symbolic link already inside the target directory is not written through: a key below it fails
/// with `InvalidArgument` and nothing lands where the link points; other keys still download, and a
/// link in the final name is replaced by the downloaded file (rename), not followed.
fn links_inside_the_target_are_not_followed(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "dl/ok.txt", b"fine!");
    server.put_object_bytes(BUCKET, "dl/sub/f.txt", b"through the link");
    server.put_object_bytes(BUCKET, "dl/name.txt", b"replaces the link");
    let tm = manager(&server, engine);
    let work = tempfile::tempdir().unwrap();
    let outside = work.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("keep.txt"), b"keep").unwrap();
    let dst = work.path().join("target");
    std::fs::create_dir_all(&dst).unwrap();
    std::os::unix::fs::symlink(&outside, dst.join("sub")).unwrap();
    std::os::unix::fs::symlink(outside.join("keep.txt"), dst.join("name.txt")).unwrap();

    let report = run(tm.download_directory(BUCKET, "dl/", &dst));
    assert_eq!(keys(&report), ["dl/name.txt", "dl/ok.txt"]);
    assert_eq!(failed_keys(&report), ["dl/sub/f.txt"]);
    let err = &report.failed[0].error;
    assert!(matches!(err, TransferError::InvalidArgument { .. }) && err.to_string().contains("symbolic link"), "{err:?}");
    assert_eq!(std::fs::read(dst.join("ok.txt")).unwrap(), b"fine!");
    assert!(!dst.join("name.txt").is_symlink(), "the link in the final name is replaced");
    assert_eq!(std::fs::read(dst.join("name.txt")).unwrap(), b"replaces the link");
    // Nothing reached the directory the links point to.
    assert_eq!(std::fs::read(outside.join("keep.txt")).unwrap(), b"keep");
    assert_eq!(walk(&outside), vec![outside.join("keep.txt")]);
    tm.shutdown(false, "");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.path());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        }
    }
    out.sort();
    out
}

fn one_failure_does_not_stop_the_others(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(&server, engine);
    let work = tempfile::tempdir().unwrap();

    // Upload: a dangling symbolic link cannot be read; the other files still go.
    let src = work.path().join("src");
    write(&src.join("a.txt"), b"aaa");
    write(&src.join("sub/b.txt"), &test_bytes(6 << 20, 9));
    std::os::unix::fs::symlink(work.path().join("missing"), src.join("broken.txt")).unwrap();
    let up = run(tm.upload_directory(&src, BUCKET, "u"));
    assert_eq!(keys(&up), ["u/a.txt", "u/sub/b.txt"]);
    assert_eq!(failed_keys(&up), ["u/broken.txt"]);
    assert!(matches!(up.failed[0].error, TransferError::Io { .. }), "{:?}", up.failed[0].error);
    assert_eq!(server.object_bytes(BUCKET, "u/a.txt").as_deref(), Some(&b"aaa"[..]));
    assert_eq!(server.object_bytes(BUCKET, "u/sub/b.txt"), Some(test_bytes(6 << 20, 9)));

    // Download: a directory stands where one file should go; the other files still arrive.
    let dst = work.path().join("dst");
    std::fs::create_dir_all(dst.join("a.txt")).unwrap();
    let down = run(tm.download_directory(BUCKET, "u/", &dst));
    assert_eq!(keys(&down), ["u/sub/b.txt"]);
    assert_eq!(failed_keys(&down), ["u/a.txt"]);
    assert_eq!(down.failed[0].path.as_deref(), Some(dst.join("a.txt").as_path()));
    assert!(dst.join("a.txt").is_dir());
    assert_eq!(std::fs::read(dst.join("sub/b.txt")).unwrap(), test_bytes(6 << 20, 9));
    assert!(server.open_multipart_uploads().is_empty());
    tm.shutdown(false, "");
}

engine_tests! {
    nested_tree_round_trips,
    filters_choose_files,
    escaping_keys_are_refused,
    links_inside_the_target_are_not_followed,
    one_failure_does_not_stop_the_others,
}
