//! The machine: its load before and after a run, and the header line.

use std::fs;
use std::time::{SystemTime, UNIX_EPOCH};

/// `/proc/loadavg`'s three load averages (1, 5, 15 minutes), or `?`.
pub(super) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A warning when the 1-minute load average is at least half the core
/// count: other work then shares the cores the benchmarks run on.
pub(super) fn busy_warning(load: &str, cores: usize) -> Option<String> {
    let one: f64 = load.split_whitespace().next()?.parse().ok()?;
    (one >= 0.5 * cores as f64).then(|| {
        format!(
            "warning: the machine is busy (load average {load} on {cores} cores): other work \
             shares the cores; ratios come from interleaved rounds, but absolute numbers and \
             spreads will suffer"
        )
    })
}

pub(super) fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

/// Time, CPU model and core count, one line.
pub(super) fn header() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{} UTC, {cpu}, {} cores", utc_now(), cores())
}

/// `YYYY-MM-DD HH:MM` from the system clock (days-to-civil conversion).
fn utc_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_civil() {
        let now = utc_now();
        assert_eq!(now.len(), 16);
        assert!(now.starts_with("20"));
    }

    #[test]
    fn busy_means_half_the_cores() {
        assert!(busy_warning("0.50 0.2 0.1", 2).is_none());
        assert!(busy_warning("1.00 0.2 0.1", 2).is_some());
        assert!(busy_warning("?", 2).is_none());
    }
}
