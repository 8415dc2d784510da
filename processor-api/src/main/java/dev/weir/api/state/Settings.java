package dev.weir.api.state;

import java.time.Duration;

/** The optional settings every kind of state descriptor carries. */
record Settings(Duration changelogRetention, StateTtl ttl) {

  static final Settings NONE = new Settings(null, null);

  Settings withRetention(Duration retention) {
    return new Settings(retention, ttl);
  }

  Settings withTtl(StateTtl newTtl) {
    return new Settings(changelogRetention, newTtl);
  }
}
