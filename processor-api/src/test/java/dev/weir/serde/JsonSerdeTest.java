package dev.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private static final String TOPIC = "clicks";
  private static final Instant AT = Instant.parse("2024-05-01T12:30:45.123Z");

  record Address(String street, String city) {}

  record ClickEvent(
      String userId, String url, Instant at, Address address, List<String> tags, int count) {}

  /** A classic bean: no-argument constructor, getters and setters. */
  public static class Account {
    private String id;
    private long balance;
    private Instant openedAt;
    private Address address;

    public Account() {}

    Account(String id, long balance, Instant openedAt, Address address) {
      this.id = id;
      this.balance = balance;
      this.openedAt = openedAt;
      this.address = address;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public long getBalance() {
      return balance;
    }

    public void setBalance(long balance) {
      this.balance = balance;
    }

    public Instant getOpenedAt() {
      return openedAt;
    }

    public void setOpenedAt(Instant openedAt) {
      this.openedAt = openedAt;
    }

    public Address getAddress() {
      return address;
    }

    public void setAddress(Address address) {
      this.address = address;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Account a
          && Objects.equals(id, a.id)
          && balance == a.balance
          && Objects.equals(openedAt, a.openedAt)
          && Objects.equals(address, a.address);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, balance, openedAt, address);
    }
  }

  record Timer(String name, Duration timeout) {}

  /** Nothing Jackson can write. */
  static final class Opaque {}

  private static ClickEvent click(int i) {
    return new ClickEvent(
        "user-" + i, "https://weir.dev/p/" + i, AT.plusMillis(i), new Address(i + " Main St", "Brno"),
        List.of("a", "b" + i), i);
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsWithNestedFieldsAndInstantsRoundTrip() {
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class);
    ClickEvent event = click(7);
    assertThat(roundTrip(serde, event)).isEqualTo(event);
  }

  @Test
  void instantsAreWrittenAsIsoStrings() {
    byte[] json = Serdes.json(ClickEvent.class).serializer().serialize(TOPIC, click(0));
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"userId\":\"user-0\",\"url\":\"https://weir.dev/p/0\",\"at\":\"2024-05-01T12:30:45.123Z\","
                + "\"address\":{\"street\":\"0 Main St\",\"city\":\"Brno\"},\"tags\":[\"a\",\"b0\"],\"count\":0}");
  }

  @Test
  void durationsAreWrittenAsIsoStrings() {
    Serde<Timer> serde = Serdes.json(Timer.class);
    Timer timer = new Timer("t", Duration.ofMillis(1500));
    assertThat(new String(serde.serializer().serialize(TOPIC, timer), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"t\",\"timeout\":\"PT1.5S\"}");
    assertThat(roundTrip(serde, timer)).isEqualTo(timer);
  }

  @Test
  void numericTimestampsAreReadAsEpochMillisOrDecimalSeconds() {
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class);
    ClickEvent millis =
        serde.deserializer().deserialize(TOPIC, utf8("{\"at\":" + AT.toEpochMilli() + "}"));
    assertThat(millis.at()).isEqualTo(AT);
    ClickEvent seconds = serde.deserializer().deserialize(TOPIC, utf8("{\"at\":1714566645.123000000}"));
    assertThat(seconds.at()).isEqualTo(AT);
  }

  @Test
  void beansWithGettersAndSettersRoundTrip() {
    Serde<Account> serde = Serdes.json(Account.class);
    Account account = new Account("acc-1", Long.MIN_VALUE, AT, new Address("Dlouhá 1", "Praha"));
    assertThat(roundTrip(serde, account)).isEqualTo(account);
    Account empty = new Account();
    assertThat(roundTrip(serde, empty)).isEqualTo(empty);
  }

  @Test
  void nullsMapToNullBothWays() {
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class);
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, utf8("null"))).isNull();
  }

  @Test
  void stringsIncludingEmptyOnesRoundTrip() {
    Serde<String> serde = Serdes.json(String.class);
    assertThat(roundTrip(serde, "")).isEqualTo("");
    assertThat(serde.serializer().serialize(TOPIC, "")).isEqualTo(utf8("\"\""));
    assertThat(roundTrip(serde, "quote \" and ü")).isEqualTo("quote \" and ü");
    assertThat(roundTrip(Serdes.json(Long.class), Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(roundTrip(Serdes.json(Long.class), Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unknownFieldsAreIgnored() {
    String json =
        "{\"userId\":\"u1\",\"addedLater\":{\"deep\":[1,2,{\"x\":null}]},\"count\":3,"
            + "\"address\":{\"street\":\"s\",\"city\":\"c\",\"zip\":\"60200\"},\"flag\":true}";
    ClickEvent event = Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, utf8(json));
    assertThat(event)
        .isEqualTo(new ClickEvent("u1", null, null, new Address("s", "c"), null, 3));
  }

  @Test
  void malformedJsonThrowsSerializationExceptionNamingTheTypeAndShowingTheBytes() {
    byte[] payload = utf8("{\"userId\":\"u1\",}");
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read JSON as dev.weir.serde.JsonSerdeTest$ClickEvent: Unexpected character ('}'")
        .hasMessageContaining("at offset 15")
        .hasMessageEndingWith("; the first bytes were: {\"userId\":\"u1\",}")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
  }

  @Test
  void wrongFieldTypesNameTheField() {
    byte[] payload = utf8("{\"userId\":\"u1\",\"address\":{\"city\":[1]}}");
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read JSON as dev.weir.serde.JsonSerdeTest$ClickEvent: ")
        .hasMessageContaining("(field address.city)")
        .hasMessageContaining("the first bytes were: {\"userId\"");
    byte[] badInstant = utf8("{\"at\":\"yesterday\"}");
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, badInstant))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("java.time.Instant")
        .hasMessageContaining("(field at)");
  }

  @Test
  void longAndBinaryPayloadsAreExcerpted() {
    byte[] garbage = new byte[300];
    garbage[0] = '{';
    for (int i = 1; i < garbage.length; i++) {
      garbage[i] = (byte) (i % 7 == 0 ? 0x00 : 'a');
    }
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, garbage))
        .isInstanceOf(SerializationException.class)
        .satisfies(
            e -> {
              String excerpt = e.getMessage().substring(e.getMessage().indexOf("the first bytes were: ") + 22);
              assertThat(excerpt).startsWith("{aaaaaa\\x00aaaaaa\\x00").endsWith("...");
              assertThat(excerpt.length()).isLessThanOrEqualTo(Payloads.MAX_EXCERPT_CHARS + 8);
            });
  }

  @Test
  void binaryPayloadsGiveMessagesWithoutControlCharacters() {
    byte[] avroLooking = {(byte) 0xC3, 0x01, 0x02, 0x03, 0x00, 0x1B, 0x7F, 0x0A};
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, avroLooking))
        .isInstanceOf(SerializationException.class)
        .hasMessageEndingWith("the first bytes were: \\xC3\\x01\\x02\\x03\\x00\\x1B\\x7F\\n")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F]"));
  }

  @Test
  void emptyPayloadsAndTrailingGarbageAreRejected() {
    assertThatThrownBy(() -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read JSON as dev.weir.serde.JsonSerdeTest$ClickEvent: the payload is empty");
    assertThatThrownBy(
            () -> Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, utf8("{\"count\":1} {\"count\":2}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Trailing token");
    assertThat(Serdes.json(ClickEvent.class).deserializer().deserialize(TOPIC, utf8(" {\"count\":1}\n")).count())
        .isEqualTo(1);
  }

  @Test
  void byteBuffersAreReadInPlaceAndTheirErrorsShowTheRightBytes() {
    Serde<Address> serde = Serdes.json(Address.class);
    byte[] framed = utf8("###{\"street\":\"s\",\"city\":\"c\"}###");
    ByteBuffer slice = ByteBuffer.wrap(framed, 3, framed.length - 6).slice();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), slice))
        .isEqualTo(new Address("s", "c"));
    assertThat(slice.position()).isZero();
    ByteBuffer window = ByteBuffer.wrap(framed, 3, framed.length - 6);
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), window))
        .isEqualTo(new Address("s", "c"));
    byte[] content = utf8("{\"street\":\"s\"}");
    ByteBuffer direct = ByteBuffer.allocateDirect(content.length).put(content).flip();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), direct))
        .isEqualTo(new Address("s", null));

    byte[] bad = utf8("###{\"street\":}###");
    assertThatThrownBy(
            () -> serde.deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(bad, 3, 11)))
        .isInstanceOf(SerializationException.class)
        .hasMessageEndingWith("the first bytes were: {\"street\":}");
  }

  @Test
  void customMapperIsUsed() {
    ObjectMapper mapper = JsonSerde.newDefaultObjectMapper();
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class, mapper);
    byte[] json = serde.serializer().serialize(TOPIC, click(1));
    assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"user_id\":\"user-1\"").contains("\"at\":\"2024-");
    assertThat(serde.deserializer().deserialize(TOPIC, json)).isEqualTo(click(1));
    assertThat(JsonSerde.newDefaultObjectMapper()).isNotSameAs(JsonSerde.newDefaultObjectMapper());
  }

  @Test
  void mapperChangesAfterCreationDoNotAffectTheSerde() {
    ObjectMapper mapper = JsonSerde.newDefaultObjectMapper();
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class, mapper);
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    assertThat(new String(serde.serializer().serialize(TOPIC, click(1)), StandardCharsets.UTF_8))
        .startsWith("{\"userId\"");
  }

  @Test
  void genericTypesViaTypeReference() {
    Serde<List<Address>> serde = Serdes.json(new TypeReference<List<Address>>() {});
    List<Address> addresses = List.of(new Address("a", "b"), new Address("c", "d"));
    assertThat(roundTrip(serde, addresses)).isEqualTo(addresses);
    assertThat(((JsonSerde<List<Address>>) serde).typeName())
        .isEqualTo("java.util.List<dev.weir.serde.JsonSerdeTest$Address>");
    Serde<Map<String, Long>> counts = Serdes.json(new TypeReference<Map<String, Long>>() {});
    assertThat(roundTrip(counts, Map.of("a", 1L, "b", Long.MAX_VALUE))).isEqualTo(Map.of("a", 1L, "b", Long.MAX_VALUE));
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, utf8("{\"street\":\"a\"}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read JSON as java.util.List<dev.weir.serde.JsonSerdeTest$Address>: ");
  }

  @Test
  void jsonTreesRoundTrip() {
    Serde<JsonNode> serde = Serdes.jsonTree();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", 1).put("name", "x").putArray("tags").add("a").add(2);
    node.putObject("nested").put("ok", true).putNull("nothing");
    assertThat(roundTrip(serde, node)).isEqualTo(node);
    assertThat(serde.deserializer().deserialize(TOPIC, utf8("[1,\"two\",{}]")).size()).isEqualTo(3);
    assertThat(serde.deserializer().deserialize(TOPIC, utf8("null"))).isEqualTo(NullNode.getInstance());
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(Serdes.jsonTree()).isSameAs(serde);
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, utf8("{\"a\":tru}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read JSON as com.fasterxml.jackson.databind.JsonNode: ");
  }

  @Test
  void valuesJacksonCannotWriteThrowSerializationException() {
    Serde<Opaque> serde = Serdes.json(Opaque.class);
    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, new Opaque()))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot write dev.weir.serde.JsonSerdeTest$Opaque as JSON");
  }

  @Test
  void serdeHandsOutOneSerializerAndOneDeserializer() {
    Serde<ClickEvent> serde = Serdes.json(ClickEvent.class);
    assertThat(serde.serializer()).isSameAs(serde.serializer());
    assertThat(serde.deserializer()).isSameAs(serde.deserializer());
    assertThat(serde).isInstanceOf(JsonSerde.class).hasToString("JsonSerde[dev.weir.serde.JsonSerdeTest$ClickEvent]");
  }
}
