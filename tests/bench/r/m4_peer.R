# Peer for tests/bench/forecast-m4.ts: R's forecast package, one forecast from the end of each window's training part.
# Usage: Rscript m4_peer.R SERIES.csv OUT.csv HORIZON FREQ MODELS
#   SERIES.csv: long format id,t,value (the training part of each window)
#   OUT.csv:    id,model,h,mean,lo80,hi80   plus OUT.csv.timing: model,seconds
# FREQ 1 is how the M4 data's README measured ets, auto.arima and thetaf on weekly data (52.18 weeks a year is not a
# whole season); thetaf with FREQ 52 deseasonalises first.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); H <- as.integer(args[3]); freq <- as.integer(args[4]); models <- strsplit(args[5], ",")[[1]]
res <- list(); tm <- setNames(rep(0, length(models)), models)
for (id in unique(d$id)) {
  x <- ts(d$value[d$id == id], frequency = freq)
  for (m in models) {
    t0 <- proc.time()[["elapsed"]]
    f <- tryCatch({
      if (m == "ets") forecast(ets(x), h = H, level = 80)
      else if (m == "arima") forecast(auto.arima(x), h = H, level = 80)
      else if (m == "theta") thetaf(x, h = H, level = 80)
    }, error = function(e) NULL)
    tm[[m]] <- tm[[m]] + proc.time()[["elapsed"]] - t0
    if (is.null(f)) next
    res[[length(res) + 1]] <- data.frame(id = id, model = m, h = 1:H, mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]))
  }
}
write.csv(do.call(rbind, res), args[2], row.names = FALSE)
write.csv(data.frame(model = models, seconds = as.numeric(tm)), paste0(args[2], ".timing"), row.names = FALSE)
