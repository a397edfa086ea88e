//! `s3t`: copy, list and delete S3 objects with the s3transfer engines, like `aws s3 cp/ls/rm`.
//!
//! ```text
//! s3t cp ./big.iso s3://bucket/isos/            # upload (key = prefix + file name)
//! s3t cp s3://bucket/isos/big.iso .             # download
//! s3t cp s3://bucket/a s3://other/b             # server-side copy
//! tar c dir | s3t cp - s3://bucket/dir.tar      # standard input (any length) to an object
//! s3t cp s3://bucket/dir.tar - | tar x          # an object to standard output
//! s3t cp --recursive ./site s3://bucket/www     # directories (also S3 -> local, S3 -> S3)
//! s3t ls s3://bucket/www/ ; s3t rm --recursive s3://bucket/www
//! ```
//!
//! Credentials and region come from the standard AWS environment variables and the shared
//! config/credentials files (`AWS_PROFILE` or `--profile`). Exit codes: see [`EXIT_CODES`].

mod progress;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use futures::stream::{self, StreamExt};
use s3transfer::{CopySource, DirectoryReport, Engine, TransferConfig, TransferError, TransferManager};

use progress::{done_line, s3_url, Progress};

/// The exit codes, as `--help` prints them.
const EXIT_CODES: &str = "Exit codes:
  0    every transfer succeeded
  1    a transfer failed (missing file, S3 error, ...): each failure is printed on stderr
  2    usage error (bad arguments or options)
  130  interrupted (Ctrl-C): transfers in flight were cancelled, multipart uploads aborted,
       partial downloads removed";

#[derive(Parser, Debug)]
#[command(name = "s3t", version, about = "Copy, list and delete Amazon S3 objects with the s3transfer engines", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

#[derive(clap::Args, Debug)]
struct Global {
    /// Transfer engine: the AWS Common Runtime (crt), the pure-Rust engine (classic), or auto.
    #[arg(long, global = true, value_enum, default_value_t = EngineArg::Auto)]
    engine: EngineArg,
    /// Bandwidth limit shared by all transfers, bytes per second (suffixes K, M, G, KiB, MB, ...; `/s` allowed).
    #[arg(long, global = true, value_name = "RATE", value_parser = parse_size)]
    max_bandwidth: Option<u64>,
    /// Multipart part size (e.g. 16MiB; default 8MiB).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    part_size: Option<u64>,
    /// Maximum S3 requests in flight at once (default 10).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    concurrency: Option<u32>,
    /// Endpoint URL, e.g. http://127.0.0.1:9000 (default: AWS_ENDPOINT_URL, else AWS S3).
    #[arg(long, global = true, value_name = "URL", env = "AWS_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// Region (default: AWS_REGION / AWS_DEFAULT_REGION, the profile's region, else us-east-1).
    #[arg(long, global = true)]
    region: Option<String>,
    /// Named profile from the shared config/credentials files (default: AWS_PROFILE, else "default").
    #[arg(long, global = true)]
    profile: Option<String>,
    /// Path-style addressing (`endpoint/bucket/key`). Default: on when --endpoint-url is an IP
    /// address or localhost, off otherwise.
    #[arg(long, global = true, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    path_style: Option<bool>,
    /// No progress bars and no per-file lines (errors are still printed).
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum EngineArg {
    Auto,
    Classic,
    Crt,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Copy a file or directory: local -> S3 (upload), S3 -> local (download), S3 -> S3 (server-side copy).
    Cp {
        /// Source: a local path, s3://bucket/key, or - for standard input.
        source: String,
        /// Destination: a local path or s3://bucket/key (a trailing `/` or an existing directory
        /// means "into", keeping the source's file name), or - for standard output.
        destination: String,
        /// Copy every file under a local directory or every object under an S3 prefix.
        #[arg(short, long)]
        recursive: bool,
    },
    /// Delete an object, or every object under a prefix with --recursive.
    Rm {
        /// s3://bucket/key
        target: String,
        /// Delete every object under the prefix.
        #[arg(short, long)]
        recursive: bool,
    },
    /// List buckets (no argument), or the objects and folders under s3://bucket/prefix.
    Ls {
        /// s3://bucket[/prefix]
        target: Option<String>,
        /// List every object under the prefix instead of one folder level.
        #[arg(short, long)]
        recursive: bool,
    },
}

/// How a command ended.
enum Outcome {
    Ok,
    Failed(String),
    Usage(String),
    Interrupted,
}

impl Outcome {
    fn code(&self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::Failed(_) => 1,
            Outcome::Usage(_) => 2,
            Outcome::Interrupted => 130,
        }
    }
}

/// Where a path argument points.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Location {
    Local(PathBuf),
    S3 { bucket: String, key: String },
    /// `-`: standard input (as a source) or standard output (as a destination).
    Stdio,
}

fn parse_location(s: &str) -> Result<Location, String> {
    if s == "-" {
        return Ok(Location::Stdio);
    }
    match s.strip_prefix("s3://") {
        Some(rest) => {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(format!("{s:?} names no bucket (expected s3://bucket/key)"));
            }
            Ok(Location::S3 { bucket: bucket.to_owned(), key: key.to_owned() })
        }
        None => Ok(Location::Local(PathBuf::from(s))),
    }
}

/// `8388608`, `8M`, `8MB`, `8MiB`, `1.5G`, `10MB/s`: binary units, as the AWS CLI reads them.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().trim_end_matches("/s");
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("{s:?} is not a size (e.g. 8MiB)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        other => return Err(format!("unknown unit {other:?} in {s:?}")),
    };
    let v = (n * mult as f64).round();
    if v < 1.0 {
        return Err(format!("{s:?} must be at least 1 byte"));
    }
    Ok(v as u64)
}

/// Path-style by default for endpoints that are an IP address or localhost.
fn default_path_style(endpoint: Option<&str>) -> bool {
    let Some(e) = endpoint else { return false };
    let Ok(uri) = e.parse::<http::Uri>() else { return false };
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.ends_with(".localhost") || host.parse::<std::net::IpAddr>().is_ok()
}

/// An S3 client from the options, the AWS environment and the shared config files.
async fn sdk_client(g: &Global) -> aws_sdk_s3::Client {
    use aws_config::meta::credentials::CredentialsProviderChain;
    use aws_config::meta::region::RegionProviderChain;

    let mut profile_creds = aws_config::profile::ProfileFileCredentialsProvider::builder();
    let mut profile_region = aws_config::profile::ProfileFileRegionProvider::builder();
    if let Some(p) = &g.profile {
        profile_creds = profile_creds.profile_name(p);
        profile_region = profile_region.profile_name(p);
    }
    let region = match &g.region {
        Some(r) => aws_sdk_s3::config::Region::new(r.clone()),
        None => RegionProviderChain::first_try(aws_config::environment::EnvironmentVariableRegionProvider::new())
            .or_else(profile_region.build())
            .or_else("us-east-1")
            .region()
            .await
            .unwrap_or_else(|| aws_sdk_s3::config::Region::new("us-east-1")),
    };
    let credentials = CredentialsProviderChain::first_try(
        "Environment",
        aws_config::environment::EnvironmentVariableCredentialsProvider::new(),
    )
    .or_else("Profile", profile_creds.build());
    let mut conf = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(region)
        .credentials_provider(credentials)
        .force_path_style(g.path_style.unwrap_or_else(|| default_path_style(g.endpoint_url.as_deref())));
    if let Some(e) = &g.endpoint_url {
        conf = conf.endpoint_url(e);
    }
    aws_sdk_s3::Client::from_conf(conf.build())
}

fn transfer_config(g: &Global) -> Result<TransferConfig, String> {
    let mut b = TransferConfig::builder().engine(match g.engine {
        EngineArg::Auto => Engine::Auto,
        EngineArg::Classic => Engine::Classic,
        EngineArg::Crt => Engine::Crt,
    });
    if let Some(p) = g.part_size {
        b = b.multipart_chunksize(p);
    }
    if let Some(c) = g.concurrency {
        b = b.max_request_concurrency(c as usize);
    }
    if let Some(bw) = g.max_bandwidth {
        b = b.max_bandwidth(Some(bw));
    }
    b.build().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version print and succeed; every other parse error is a usage error.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let outcome = run(cli);
    match &outcome {
        Outcome::Ok => {}
        Outcome::Failed(m) => eprintln!("s3t: {m}"),
        Outcome::Usage(m) => eprintln!("s3t: {m}\n\nRun `s3t --help` for usage."),
        Outcome::Interrupted => eprintln!("s3t: interrupted; transfers in flight were cancelled"),
    }
    ExitCode::from(outcome.code())
}

fn run(cli: Cli) -> Outcome {
    let config = match transfer_config(&cli.global) {
        Ok(c) => c,
        Err(e) => return Outcome::Usage(e),
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    // Listen for Ctrl-C before any work starts (the handler registers with the runtime entered).
    let interrupted = {
        let _runtime = rt.enter();
        interrupt_signal()
    };
    let client = rt.block_on(sdk_client(&cli.global));
    let tm = match TransferManager::new(client, config) {
        Ok(tm) => tm,
        Err(e) => return Outcome::Usage(e.to_string()),
    };
    let progress = Progress::new(cli.global.quiet);
    let outcome = rt.block_on(async {
        tokio::select! {
            outcome = command(&tm, &progress, &cli.command) => outcome,
            _ = interrupted => {
                // Cancel everything in flight and wait for it: multipart uploads are aborted and
                // partial downloads (temporary files) removed before we exit.
                tm.shutdown_async(true, "interrupted").await;
                Outcome::Interrupted
            }
        }
    });
    progress.finish();
    // Waits for every transfer, then for the manager's threads (the CRT's included) to end: a
    // process must not exit while another thread still uses the CRT's libraries.
    tm.close(std::time::Duration::from_secs(10));
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    outcome
}

/// Resolves when SIGINT (Ctrl-C) arrives; the handler is installed when this is called.
fn interrupt_signal() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
            Ok(mut s) => Box::pin(async move {
                s.recv().await;
            }),
            Err(_) => Box::pin(std::future::pending()),
        }
    }
    #[cfg(not(unix))]
    {
        Box::pin(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn command(tm: &TransferManager, progress: &Arc<Progress>, command: &Command) -> Outcome {
    match command {
        Command::Cp { source, destination, recursive } => {
            let (src, dst) = match (parse_location(source), parse_location(destination)) {
                (Ok(s), Ok(d)) => (s, d),
                (Err(e), _) | (_, Err(e)) => return Outcome::Usage(e),
            };
            cp(tm, progress, src, dst, *recursive).await
        }
        Command::Rm { target, recursive } => match parse_location(target) {
            Ok(Location::S3 { bucket, key }) => rm(tm, progress, &bucket, &key, *recursive).await,
            Ok(Location::Local(_) | Location::Stdio) => Outcome::Usage(format!("rm takes s3://bucket/key, not {target:?}")),
            Err(e) => Outcome::Usage(e),
        },
        Command::Ls { target, recursive } => match target.as_deref().map(parse_location) {
            None => ls_buckets(tm).await,
            Some(Ok(Location::S3 { bucket, key })) => ls(tm, &bucket, &key, *recursive).await,
            Some(Ok(Location::Local(_) | Location::Stdio)) => Outcome::Usage(format!("ls takes s3://bucket[/prefix], not {:?}", target.as_deref().unwrap_or(""))),
            Some(Err(e)) => Outcome::Usage(e),
        },
    }
}

/// The last `/`-separated part of a key or path.
fn base_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

async fn cp(tm: &TransferManager, progress: &Arc<Progress>, src: Location, dst: Location, recursive: bool) -> Outcome {
    let sub: Arc<dyn s3transfer::Subscriber> = progress.clone();
    match (src, dst) {
        (Location::Local(_) | Location::Stdio, Location::Local(_) | Location::Stdio) => {
            Outcome::Usage("cp needs at least one s3:// location".into())
        }
        (Location::Stdio, Location::S3 { .. }) | (Location::S3 { .. }, Location::Stdio) if recursive => {
            Outcome::Usage("- (standard input or output) is one stream, not a directory: drop --recursive".into())
        }
        (Location::Stdio, Location::S3 { bucket, key }) => {
            if key.is_empty() || key.ends_with('/') {
                return Outcome::Usage(format!("uploading standard input needs a full key, not {}", s3_url(&bucket, &key)));
            }
            // A stream of unknown length: parts go up as they are read (classic engine).
            let source = s3transfer::UploadSource::blocking_reader(std::io::stdin());
            let result = match tm.upload(source, &bucket, &key).subscriber(sub).start() {
                Ok(f) => f.wait().await.inspect(|()| progress.println(&format!("upload: - to {}", s3_url(&bucket, &key)))),
                Err(e) => Err(e),
            };
            single_outcome(result, || format!("upload failed: - to {}", s3_url(&bucket, &key)))
        }
        (Location::S3 { bucket, key }, Location::Stdio) => {
            if key.is_empty() || key.ends_with('/') {
                return Outcome::Usage(format!("{} names no object", s3_url(&bucket, &key)));
            }
            // The object's bytes in order on stdout (classic engine); no "download:" line there.
            let target = s3transfer::DownloadTarget::blocking_writer(std::io::stdout());
            let result = match tm.download(&bucket, &key, target).subscriber(sub).start() {
                Ok(f) => f.wait().await,
                Err(e) => Err(e),
            };
            single_outcome(result, || format!("download failed: {} to -", s3_url(&bucket, &key)))
        }
        (Location::Local(path), Location::S3 { bucket, key }) => {
            if recursive {
                if !path.is_dir() {
                    return Outcome::Failed(format!("{}: not a directory", path.display()));
                }
                let report = tm.upload_directory(&path, &bucket, &key).subscriber(sub).run().await;
                report_outcome(progress, "upload", &bucket, report)
            } else {
                match std::fs::metadata(&path) {
                    Err(e) => return Outcome::Failed(format!("upload failed: {}: {e}", path.display())),
                    Ok(m) if m.is_dir() => {
                        return Outcome::Usage(format!("{} is a directory (use --recursive)", path.display()))
                    }
                    Ok(_) => {}
                }
                let key = if key.is_empty() || key.ends_with('/') {
                    format!("{key}{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
                } else {
                    key
                };
                let result = match tm.upload(path.as_path(), &bucket, &key).subscriber(sub).start() {
                    Ok(f) => finished(progress, &f).await,
                    Err(e) => Err(e),
                };
                single_outcome(result, || format!("upload failed: {} to {}", path.display(), s3_url(&bucket, &key)))
            }
        }
        (Location::S3 { bucket, key }, Location::Local(path)) => {
            if recursive {
                let report = tm.download_directory(&bucket, &key, &path).subscriber(sub).run().await;
                report_outcome(progress, "download", &bucket, report)
            } else {
                if key.is_empty() || key.ends_with('/') {
                    return Outcome::Usage(format!("{} names no object (use --recursive for a prefix)", s3_url(&bucket, &key)));
                }
                let into_dir = path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
                let path = if into_dir { path.join(base_name(&key)) } else { path };
                let result = match tm.download(&bucket, &key, path.as_path()).subscriber(sub).start() {
                    Ok(f) => finished(progress, &f).await,
                    Err(e) => Err(e),
                };
                single_outcome(result, || format!("download failed: {} to {}", s3_url(&bucket, &key), path.display()))
            }
        }
        (Location::S3 { bucket: sb, key: sk }, Location::S3 { bucket: db, key: dk }) => {
            if recursive {
                let src_prefix = folder(&sk);
                let dst_prefix = folder(&dk);
                let objects = match list(tm, &sb, &src_prefix, None).await {
                    Ok((objects, _)) => objects,
                    Err(e) => return Outcome::Failed(format!("listing {} failed: {e}", s3_url(&sb, &src_prefix))),
                };
                let limit = tm.config().max_request_concurrency;
                let failures: Vec<String> = stream::iter(objects.into_iter().filter(|(k, _)| !k.ends_with('/')))
                    .map(|(k, size)| {
                        let to = format!("{dst_prefix}{}", &k[src_prefix.len()..]);
                        let (sb, db, sub) = (&sb, &db, sub.clone());
                        async move {
                            let result = match tm.copy(CopySource::new(sb.as_str(), k.as_str()), db, &to).size(size).subscriber(sub).start() {
                                Ok(f) => finished(progress, &f).await,
                                Err(e) => Err(e),
                            };
                            result.err().map(|e| format!("copy failed: {} to {}: {e}", s3_url(sb, &k), s3_url(db, &to)))
                        }
                    })
                    .buffer_unordered(limit)
                    .filter_map(|r| async move { r })
                    .collect()
                    .await;
                many_outcome(progress, failures)
            } else {
                if sk.is_empty() || sk.ends_with('/') {
                    return Outcome::Usage(format!("{} names no object (use --recursive for a prefix)", s3_url(&sb, &sk)));
                }
                let dk = if dk.is_empty() || dk.ends_with('/') { format!("{dk}{}", base_name(&sk)) } else { dk };
                let result = match tm.copy(CopySource::new(sb.as_str(), sk.as_str()), &db, &dk).subscriber(sub).start() {
                    Ok(f) => finished(progress, &f).await,
                    Err(e) => Err(e),
                };
                single_outcome(result, || format!("copy failed: {} to {}", s3_url(&sb, &sk), s3_url(&db, &dk)))
            }
        }
    }
}

/// Waits for a transfer and prints its line on success.
async fn finished(progress: &Progress, f: &s3transfer::TransferFuture) -> s3transfer::Result<()> {
    let r = f.wait().await;
    if r.is_ok() {
        progress.println(&done_line(f));
    }
    r
}

/// A prefix as a folder (`a` -> `a/`; empty stays empty).
fn folder(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    }
}

fn single_outcome(result: s3transfer::Result<()>, what: impl FnOnce() -> String) -> Outcome {
    match result {
        Ok(()) => Outcome::Ok,
        Err(e) if e.is_cancelled() => Outcome::Interrupted,
        Err(e) => Outcome::Failed(format!("{}: {}", what(), describe(&e))),
    }
}

/// The error with its cause chain, e.g. "S3UploadFailed: ... : NoSuchBucket (HTTP 404)".
fn describe(e: &TransferError) -> String {
    let mut s = e.to_string();
    let mut cur = e.cause();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.cause();
    }
    // The library names its engines as Rust values; here they are a flag.
    if s.contains("Engine::Auto") {
        s.push_str(" (s3t: --engine auto)");
    }
    s
}

fn report_outcome(progress: &Progress, verb: &str, bucket: &str, report: s3transfer::Result<DirectoryReport>) -> Outcome {
    match report {
        Err(e) => Outcome::Failed(format!("{verb} failed: {}", describe(&e))),
        Ok(report) => {
            for f in &report.succeeded {
                let local = f.path.display();
                let line = match verb {
                    "upload" => format!("upload: {local} to {}", s3_url(bucket, &f.key)),
                    _ => format!("download: {} to {local}", s3_url(bucket, &f.key)),
                };
                progress.println(&line);
            }
            let failures = report
                .failed
                .iter()
                .map(|f| {
                    let local = f.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                    format!("{verb} failed: {} {}: {}", f.key, local, describe(&f.error)).replace("  ", " ")
                })
                .collect();
            many_outcome(progress, failures)
        }
    }
}

fn many_outcome(progress: &Progress, failures: Vec<String>) -> Outcome {
    if failures.is_empty() {
        return Outcome::Ok;
    }
    for f in &failures {
        progress.eprintln(&format!("s3t: {f}"));
    }
    Outcome::Failed(format!("{} transfer(s) failed", failures.len()))
}

/// Every object under `prefix` (key, size), and with a delimiter the common prefixes.
async fn list(
    tm: &TransferManager,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
) -> Result<(Vec<(String, u64)>, Vec<String>), String> {
    let mut objects = Vec::new();
    let mut prefixes = Vec::new();
    let mut req = tm.client().list_objects_v2().bucket(bucket).prefix(prefix);
    if let Some(d) = delimiter {
        req = req.delimiter(d);
    }
    let mut pages = req.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| describe(&TransferError::from_sdk("ListObjectsV2", e)))?;
        for o in page.contents() {
            if let Some(k) = o.key() {
                objects.push((k.to_owned(), o.size().unwrap_or(0).max(0) as u64));
            }
        }
        for p in page.common_prefixes() {
            if let Some(p) = p.prefix() {
                prefixes.push(p.to_owned());
            }
        }
    }
    Ok((objects, prefixes))
}

async fn rm(tm: &TransferManager, progress: &Arc<Progress>, bucket: &str, key: &str, recursive: bool) -> Outcome {
    let sub: Arc<dyn s3transfer::Subscriber> = progress.clone();
    if !recursive {
        if key.is_empty() {
            return Outcome::Usage(format!("{} names no object (use --recursive for a whole bucket)", s3_url(bucket, key)));
        }
        let result = match tm.delete(bucket, key).subscriber(sub).start() {
            Ok(f) => finished(progress, &f).await,
            Err(e) => Err(e),
        };
        return single_outcome(result, || format!("delete failed: {}", s3_url(bucket, key)));
    }
    let prefix = folder(key);
    let objects = match list(tm, bucket, &prefix, None).await {
        Ok((objects, _)) => objects,
        Err(e) => return Outcome::Failed(format!("listing {} failed: {e}", s3_url(bucket, &prefix))),
    };
    let failures: Vec<String> = stream::iter(objects)
        .map(|(k, _)| {
            let sub = sub.clone();
            async move {
                let result = match tm.delete(bucket, &k).subscriber(sub).start() {
                    Ok(f) => finished(progress, &f).await,
                    Err(e) => Err(e),
                };
                result.err().map(|e| format!("delete failed: {}: {}", s3_url(bucket, &k), describe(&e)))
            }
        })
        .buffer_unordered(tm.config().max_request_concurrency)
        .filter_map(|r| async move { r })
        .collect()
        .await;
    many_outcome(progress, failures)
}

async fn ls_buckets(tm: &TransferManager) -> Outcome {
    match tm.client().list_buckets().send().await {
        Ok(out) => {
            for b in out.buckets() {
                let date = b.creation_date().map(format_date).unwrap_or_default();
                println!("{date:19} {}", b.name().unwrap_or(""));
            }
            Outcome::Ok
        }
        Err(e) => Outcome::Failed(format!("listing buckets failed: {}", describe(&TransferError::from_sdk("ListBuckets", e)))),
    }
}

async fn ls(tm: &TransferManager, bucket: &str, key: &str, recursive: bool) -> Outcome {
    // Without --recursive, `s3://b/dir` lists the folder `dir/` when the key names no object.
    let mut objects = Vec::new();
    let mut req = tm.client().list_objects_v2().bucket(bucket).prefix(key);
    if !recursive {
        req = req.delimiter("/");
    }
    let mut pages = req.into_paginator().send();
    let mut prefixes = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                prefixes.extend(page.common_prefixes().iter().filter_map(|p| p.prefix().map(str::to_owned)));
                objects.extend(page.contents().iter().cloned());
            }
            Err(e) => {
                return Outcome::Failed(format!(
                    "listing {} failed: {}",
                    s3_url(bucket, key),
                    describe(&TransferError::from_sdk("ListObjectsV2", e))
                ))
            }
        }
    }
    for p in prefixes {
        println!("{:>19} {:>12} {p}", "", "PRE");
    }
    for o in objects {
        let date = o.last_modified().map(format_date).unwrap_or_default();
        println!("{date:19} {:>12} {}", o.size().unwrap_or(0), o.key().unwrap_or(""));
    }
    Outcome::Ok
}

fn format_date(d: &aws_smithy_types::DateTime) -> String {
    // `2026-11-30T13:00:00Z` -> `2026-11-30 13:00:00`
    d.fmt(aws_smithy_types::date_time::Format::DateTime)
        .map(|s| s.trim_end_matches('Z').replacen('T', " ", 1).chars().take(19).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8388608").unwrap(), 8 << 20);
        assert_eq!(parse_size("8MiB").unwrap(), 8 << 20);
        assert_eq!(parse_size("8MB").unwrap(), 8 << 20);
        assert_eq!(parse_size("1.5G").unwrap(), 3 << 29);
        assert_eq!(parse_size("10MB/s").unwrap(), 10 << 20);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn locations_and_path_style() {
        assert_eq!(parse_location("s3://b/k/x").unwrap(), Location::S3 { bucket: "b".into(), key: "k/x".into() });
        assert_eq!(parse_location("s3://b").unwrap(), Location::S3 { bucket: "b".into(), key: "".into() });
        assert!(parse_location("s3:///k").is_err());
        assert_eq!(parse_location("./a").unwrap(), Location::Local("./a".into()));
        assert!(default_path_style(Some("http://127.0.0.1:9000")));
        assert!(default_path_style(Some("http://localhost:9000")));
        assert!(default_path_style(Some("http://[::1]:9000")));
        assert!(!default_path_style(Some("https://s3.example.com")));
        assert!(!default_path_style(None));
    }

    #[test]
    fn cli_parses() {
        Cli::command_for_test();
    }

    impl Cli {
        fn command_for_test() {
            use clap::CommandFactory;
            Cli::command().debug_assert();
        }
    }
}
