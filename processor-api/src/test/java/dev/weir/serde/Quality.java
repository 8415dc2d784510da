package dev.weir.serde;

/** An Avro enum as the Avro compiler would generate it: a plain Java enum named like the schema. */
public enum Quality {
  GOOD,
  SUSPECT,
  BAD
}
