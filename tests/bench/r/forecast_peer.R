# Peer for tests/bench/forecast.bench.ts: R's forecast package on the same series and folds.
# Peer for tests/bench/forecast-m4.ts too (FOLDS 0). Frequency 1 is how the M4 data's README measured ets,
# auto.arima and thetaf on weekly data (52.18 weeks a year is not a whole season).
# Usage: Rscript forecast_peer.R SERIES.csv OUT.csv FREQ HORIZON FOLDS MODELS
#   SERIES.csv: long format id,t,value (t = 1..n per id, value NA = unobserved)
#   OUT.csv:    id,origin,model,h,mean,lo80,hi80   plus a timing file OUT.csv.timing: model,seconds,series
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
inp <- args[1]; out <- args[2]; freq <- as.integer(args[3]); H <- as.integer(args[4]); K <- as.integer(args[5])
models <- strsplit(args[6], ",")[[1]]
d <- read.csv(inp, stringsAsFactors = FALSE)
ids <- unique(d$id)
res <- list(); timing <- setNames(rep(0, length(models)), models); counted <- setNames(rep(0, length(models)), models)
for (id in ids) {
  y <- d$value[d$id == id]
  n <- length(y)
  origins <- c()
  # FOLDS 0: one forecast from the end of each series (the M4 protocol; the actuals are elsewhere).
  if (K == 0) origins <- n
  else for (k in K:1) { o <- n - H - (k - 1) * H; if (o >= max(2 * H, 8) && o + H <= n) origins <- c(origins, o) }
  for (o in origins) {
    x <- ts(y[1:o], frequency = freq)
    # R's models cannot take NA inside ets/thetaf: fill stockout gaps by interpolation as a user of R would
    if (any(is.na(x))) x <- na.interp(x)
    for (m in models) {
      t0 <- proc.time()[["elapsed"]]
      f <- tryCatch({
        if (m == "ets") forecast(ets(x), h = H, level = 80)
        else if (m == "arima") forecast(auto.arima(x), h = H, level = 80)
        else if (m == "theta") thetaf(x, h = H, level = 80)
        else if (m == "croston") { cf <- croston(x, h = H); list(mean = cf$mean, lower = cf$mean, upper = cf$mean) }
        else if (m == "snaive") snaive(x, h = H, level = 80)
      }, error = function(e) NULL)
      timing[[m]] <- timing[[m]] + proc.time()[["elapsed"]] - t0
      counted[[m]] <- counted[[m]] + 1
      if (is.null(f)) next
      lo <- if (is.null(dim(f$lower))) as.numeric(f$lower) else as.numeric(f$lower[, 1])
      hi <- if (is.null(dim(f$upper))) as.numeric(f$upper) else as.numeric(f$upper[, 1])
      res[[length(res) + 1]] <- data.frame(id = id, origin = o, model = m, h = 1:H, mean = as.numeric(f$mean), lo80 = lo, hi80 = hi)
    }
  }
}
write.csv(do.call(rbind, res), out, row.names = FALSE)
write.csv(data.frame(model = models, seconds = as.numeric(timing), fits = as.numeric(counted)), paste0(out, ".timing"), row.names = FALSE)
