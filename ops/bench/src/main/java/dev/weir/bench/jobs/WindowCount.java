package dev.weir.bench.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Output of workloads 3 and 4: the count of one key in one window {@code [start, end)}. */
public record WindowCount(
    @JsonProperty("key") String key,
    @JsonProperty("start") long start,
    @JsonProperty("end") long end,
    @JsonProperty("count") long count) {}
