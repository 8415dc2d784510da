package dev.weir.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A hand-written specific record nested in {@link SensorReading}. */
public class Location extends SpecificRecordBase {

  public static final Schema SCHEMA$ = SensorReading.SCHEMA$.getField("location").schema().getTypes().get(1);

  private double lat;
  private double lon;

  public Location() {}

  public Location(double lat, double lon) {
    this.lat = lat;
    this.lon = lon;
  }

  public static Schema getClassSchema() {
    return SCHEMA$;
  }

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    switch (field) {
      case 0:
        return lat;
      case 1:
        return lon;
      default:
        throw new IndexOutOfBoundsException("Invalid index: " + field);
    }
  }

  @Override
  public void put(int field, Object v) {
    switch (field) {
      case 0:
        lat = (Double) v;
        break;
      case 1:
        lon = (Double) v;
        break;
      default:
        throw new IndexOutOfBoundsException("Invalid index: " + field);
    }
  }

  public double getLat() {
    return lat;
  }

  public double getLon() {
    return lon;
  }
}
