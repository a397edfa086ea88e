//! The Rust clients of the benchmark, each run as `bench client --client NAME --op OP ...` in a process
//! of its own: `raw` (aws-sdk-s3 requests with no transfer manager: one unsigned-payload PUT, parallel
//! ranged GETs — the ceiling a transfer manager should approach) and our engines.

use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use aws_sdk_s3::primitives::ByteStream;
use futures::StreamExt;

use crate::{flags, Report};

/// CPU seconds (user + system) this process has used, from /proc/self/stat.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// Peak resident set size of this process in KiB (VmHWM).
/// Minor page faults so far (with `S3T_BENCH_FAULTS` set, clients print them to stderr).
pub fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    rest.split_whitespace().nth(7).and_then(|v| v.parse().ok()).unwrap_or(0)
}

pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

pub struct ClientArgs {
    pub client: String,
    pub op: String,
    pub endpoint: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    pub bucket: String,
    pub key: String,
    pub src_key: Option<String>,
    pub path: PathBuf,
    pub count: u64,
    pub concurrency: usize,
}

pub fn sdk_client(endpoint: &str, region: &str, access_key: &str, secret_key: &str) -> aws_sdk_s3::Client {
    let creds = aws_sdk_s3::config::Credentials::new(access_key, secret_key, None, None, "bench");
    let conf = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(creds)
        // The raw ceiling computes no checksums: it is the least work a correct PUT can be.
        .request_checksum_calculation(aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(aws_sdk_s3::config::ResponseChecksumValidation::WhenRequired)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

pub fn create_bucket(endpoint: &str, bucket: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = sdk_client(endpoint, crate::server::REGION, crate::server::ACCESS_KEY, crate::server::SECRET_KEY);
    rt.block_on(async {
        // Already existing is fine (s3s-fs answers BucketAlreadyExists for a second create).
        let _ = client.create_bucket().bucket(bucket).send().await;
    });
}

/// Deletes `key` (count == 0) or the `count` keys `{key}{i:05}`.
pub fn delete_objects(endpoint: &str, bucket: &str, key: &str, count: u64) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = sdk_client(endpoint, crate::server::REGION, crate::server::ACCESS_KEY, crate::server::SECRET_KEY);
    let keys: Vec<String> = if count == 0 { vec![key.to_owned()] } else { (0..count).map(|i| format!("{key}{i:05}")).collect() };
    rt.block_on(async {
        for k in keys {
            let _ = client.delete_object().bucket(bucket).key(k).send().await;
        }
    });
}

pub fn run(args: &[String]) {
    let f = flags(args);
    let get = |k: &str| f.get(k).cloned().unwrap_or_else(|| panic!("missing --{k}"));
    let a = ClientArgs {
        client: get("client"),
        op: get("op"),
        endpoint: get("endpoint"),
        region: get("region"),
        access_key: get("access-key"),
        secret_key: get("secret-key"),
        bucket: get("bucket"),
        key: get("key"),
        src_key: f.get("src-key").cloned(),
        path: PathBuf::from(get("path")),
        count: f.get("count").map_or(1, |c| c.parse().unwrap()),
        concurrency: f.get("concurrency").map_or(10, |c| c.parse().unwrap()),
    };
    let report = match a.client.as_str() {
        "raw" => raw(&a),
        other => engine(&a, other),
    };
    println!("{}", report.to_line());
}

fn raw(a: &ClientArgs) -> Report {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let client = sdk_client(&a.endpoint, &a.region, &a.access_key, &a.secret_key);
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let (bytes, objects) = rt.block_on(async {
        match a.op.as_str() {
            "put" => (raw_put(&client, &a.bucket, &a.key, &a.path).await, 1),
            "get" => (raw_get(&client, &a.bucket, &a.key, &a.path, a.concurrency).await, 1),
            "copy" => {
                let src = format!("{}/{}", a.bucket, a.src_key.as_deref().expect("--src-key"));
                client.copy_object().bucket(&a.bucket).key(&a.key).copy_source(src).send().await.expect("copy");
                let head = client.head_object().bucket(&a.bucket).key(&a.key).send().await.expect("head");
                (head.content_length().unwrap_or(0) as u64, 1)
            }
            "put-many" => {
                let total = futures::stream::iter(0..a.count)
                    .map(|i| {
                        let client = &client;
                        async move {
                            let path = a.path.join(format!("{i:05}"));
                            raw_put(client, &a.bucket, &format!("{}{i:05}", a.key), &path).await
                        }
                    })
                    .buffer_unordered(a.concurrency)
                    .fold(0u64, |acc, n| async move { acc + n })
                    .await;
                (total, a.count)
            }
            "get-many" => {
                let total = futures::stream::iter(0..a.count)
                    .map(|i| {
                        let client = &client;
                        async move {
                            let path = a.path.join(format!("{i:05}"));
                            raw_get(client, &a.bucket, &format!("{}{i:05}", a.key), &path, 1).await
                        }
                    })
                    .buffer_unordered(a.concurrency)
                    .fold(0u64, |acc, n| async move { acc + n })
                    .await;
                (total, a.count)
            }
            other => panic!("unknown op {other}"),
        }
    });
    Report { wall: t0.elapsed().as_secs_f64(), cpu: cpu_seconds() - c0, bytes, objects, peak_rss_kib: peak_rss_kib(), skipped: None }
}

async fn raw_put(client: &aws_sdk_s3::Client, bucket: &str, key: &str, path: &Path) -> u64 {
    let len = std::fs::metadata(path).expect("source file").len();
    let body = ByteStream::from_path(path).await.expect("open source");
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_length(len as i64)
        .body(body)
        .customize()
        .disable_payload_signing()
        .send()
        .await
        .expect("raw put");
    len
}

async fn raw_get(client: &aws_sdk_s3::Client, bucket: &str, key: &str, path: &Path, concurrency: usize) -> u64 {
    const PART: u64 = 8 << 20;
    let head = client.head_object().bucket(bucket).key(key).send().await.expect("head");
    let size = head.content_length().unwrap_or(0) as u64;
    let file = Arc::new(std::fs::File::create(path).expect("create destination"));
    file.set_len(size).unwrap();
    let parts = size.div_ceil(PART).max(1);
    futures::stream::iter(0..parts)
        .map(|i| {
            let file = file.clone();
            async move {
                let start = i * PART;
                let end = (start + PART).min(size);
                let mut req = client.get_object().bucket(bucket).key(key);
                if size > 0 {
                    req = req.range(format!("bytes={}-{}", start, end - 1));
                }
                let resp = req.send().await.expect("ranged get");
                let mut body = resp.body;
                let mut offset = start;
                while let Some(chunk) = body.try_next().await.expect("body") {
                    file.write_all_at(&chunk, offset).expect("write");
                    offset += chunk.len() as u64;
                }
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<()>>()
        .await;
    size
}

/// Our engines through the public `TransferManager`: `classic` (`Engine::Classic`) and `crt`
/// (`Engine::Crt`); `crt-raw` drives the CRT wrappers' meta-requests directly (one per object),
/// the ceiling the CRT engine's own overhead is measured against.
fn engine(a: &ClientArgs, name: &str) -> Report {
    match name {
        "classic" => manager_run(a, s3transfer::Engine::Classic),
        #[cfg(feature = "crt")]
        "crt" => manager_run(a, s3transfer::Engine::Crt),
        #[cfg(feature = "crt")]
        "crt-raw" => crt_raw(a),
        other => panic!("unknown client {other}"),
    }
}

fn manager_run(a: &ClientArgs, engine: s3transfer::Engine) -> Report {
    use s3transfer::{CopySource, TransferConfig, TransferManager};
    let client = crate::server_client(a);
    let mut config = TransferConfig { engine, max_request_concurrency: a.concurrency, ..TransferConfig::default() };
    // Tuning experiments (listed in the usage text): S3T_CRT_MEMORY_MIB / S3T_CRT_GBPS override the
    // CRT engine's defaults, S3T_CHUNK_MIB / S3T_CONCURRENCY the part size and connections of both.
    if let Some(n) = std::env::var("S3T_CONCURRENCY").ok().and_then(|v| v.parse::<usize>().ok()) {
        config.max_request_concurrency = n;
    }
    if let Some(mib) = std::env::var("S3T_CHUNK_MIB").ok().and_then(|v| v.parse::<u64>().ok()) {
        config.multipart_chunksize = mib << 20;
    }
    if let Some(mib) = std::env::var("S3T_CRT_MEMORY_MIB").ok().and_then(|v| v.parse::<u64>().ok()) {
        config.crt_memory_limit = mib << 20;
    }
    if let Some(g) = std::env::var("S3T_CRT_GBPS").ok().and_then(|v| v.parse::<f64>().ok()) {
        config.crt_throughput_target_gbps = g;
    }
    let tm = TransferManager::new(client, config).expect("manager");
    // Like the Python peers and crt-raw, which make their CRT client before the clock starts.
    futures::executor::block_on(tm.prepare()).expect("manager ready");
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let mut futures = Vec::new();
    let mut bytes = 0u64;
    match a.op.as_str() {
        "put" => {
            bytes = std::fs::metadata(&a.path).unwrap().len();
            futures.push(tm.upload(a.path.as_path(), &a.bucket, &a.key).start().expect("start"));
        }
        "get" => futures.push(tm.download(&a.bucket, &a.key, a.path.as_path()).start().expect("start")),
        "copy" => {
            let src = CopySource { bucket: a.bucket.clone(), key: a.src_key.clone().expect("--src-key"), version_id: None };
            futures.push(tm.copy(src, &a.bucket, &a.key).start().expect("start"));
        }
        "put-many" => {
            for i in 0..a.count {
                let path = a.path.join(format!("{i:05}"));
                bytes += std::fs::metadata(&path).unwrap().len();
                futures.push(tm.upload(path, &a.bucket, &format!("{}{i:05}", a.key)).start().expect("start"));
            }
        }
        "get-many" => {
            for i in 0..a.count {
                let path = a.path.join(format!("{i:05}"));
                futures.push(tm.download(&a.bucket, &format!("{}{i:05}", a.key), path).start().expect("start"));
            }
        }
        other => panic!("unknown op {other}"),
    }
    for f in &futures {
        f.result().expect("transfer");
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    if a.op == "get" || a.op == "get-many" || a.op == "copy" {
        bytes = futures.iter().map(|f| f.meta().size().unwrap_or(0)).sum();
    }
    tm.shutdown(false, "");
    if std::env::var_os("S3T_BENCH_FAULTS").is_some() {
        eprintln!("{} {}: {} minor faults", a.client, a.op, minor_faults());
    }
    Report { wall, cpu, bytes, objects: futures.len() as u64, peak_rss_kib: peak_rss_kib(), skipped: None }
}

#[cfg(feature = "crt")]
fn crt_raw(a: &ClientArgs) -> Report {
    use s3transfer::crt::auth::{Credentials, CredentialsProvider};
    use s3transfer::crt::s3::{ChecksumMode, MetaRequestOptions, RequestBody, S3Client, S3ClientConfig};
    // The bench's bucket and keys are plain ASCII: no encoding needed in their paths.
    let path_of = |key: &str| format!("/{}/{key}", a.bucket);
    let creds = CredentialsProvider::new_static(&Credentials::new(a.access_key.clone(), a.secret_key.clone())).expect("credentials");
    let config = S3ClientConfig::new(a.region.clone(), a.endpoint.clone(), creds)
        .part_size(8 << 20)
        .max_active_connections(a.concurrency as u32);
    let client = S3Client::new(config).expect("CRT client");
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let mut requests = Vec::new();
    let mut bytes = 0u64;
    let put = |path: &Path, key: &str| {
        MetaRequestOptions::put_object(path_of(key), RequestBody::File(path.to_owned())).checksum(ChecksumMode::TrailerCrc32)
    };
    let get = |key: &str, path: &Path| MetaRequestOptions::get_object(path_of(key)).to_file(path).checksum(ChecksumMode::ValidateResponse);
    match a.op.as_str() {
        "put" => {
            bytes = std::fs::metadata(&a.path).unwrap().len();
            requests.push(client.send(put(&a.path, &a.key)).expect("start"));
        }
        "get" => requests.push(client.send(get(&a.key, &a.path)).expect("start")),
        "copy" => {
            let src = a.src_key.as_deref().expect("--src-key");
            let copy = MetaRequestOptions::copy_object(path_of(&a.key), format!("{}/{src}", a.bucket), format!("{}{}", a.endpoint, path_of(src)));
            requests.push(client.send(copy).expect("start"));
        }
        "put-many" => {
            for i in 0..a.count {
                let path = a.path.join(format!("{i:05}"));
                bytes += std::fs::metadata(&path).unwrap().len();
                requests.push(client.send(put(&path, &format!("{}{i:05}", a.key))).expect("start"));
            }
        }
        "get-many" => {
            for i in 0..a.count {
                requests.push(client.send(get(&format!("{}{i:05}", a.key), &a.path.join(format!("{i:05}")))).expect("start"));
            }
        }
        other => panic!("unknown op {other}"),
    }
    for r in &requests {
        r.wait_timeout(std::time::Duration::from_secs(3600)).expect("finished in time").expect("transfer");
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    match a.op.as_str() {
        "get" => bytes = std::fs::metadata(&a.path).unwrap().len(),
        "get-many" => bytes = (0..a.count).map(|i| std::fs::metadata(a.path.join(format!("{i:05}"))).unwrap().len()).sum(),
        "copy" => {
            let c = crate::server_client(a);
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            bytes = rt.block_on(c.head_object().bucket(&a.bucket).key(&a.key).send()).expect("head").content_length().unwrap_or(0) as u64;
        }
        _ => {}
    }
    if std::env::var_os("S3T_BENCH_FAULTS").is_some() {
        eprintln!("{} {}: {} minor faults", a.client, a.op, minor_faults());
    }
    Report { wall, cpu, bytes, objects: requests.len() as u64, peak_rss_kib: peak_rss_kib(), skipped: None }
}
