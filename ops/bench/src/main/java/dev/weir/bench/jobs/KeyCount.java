package dev.weir.bench.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Output of workloads 2 and 5: the running count of one key. */
public record KeyCount(@JsonProperty("key") String key, @JsonProperty("count") long count) {}
