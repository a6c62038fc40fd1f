package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.cfg.DeserializerFactoryConfig;
import com.fasterxml.jackson.databind.cfg.SerializerFactoryConfig;
import com.fasterxml.jackson.databind.deser.BasicDeserializerFactory;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.KeyDeserializers;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.ser.BasicSerializerFactory;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Year;

/**
 * Jackson's {@code java.time} support (jackson-datatype-jsr310, with its default features), set up
 * the first time a {@code java.time} type is bound. Registering {@link JavaTimeModule} itself
 * creates all of its serializers and deserializers at once: about 170 classes loaded during init
 * (about 100 of them from its jar, outside the JDK's class-data archive), in every function,
 * including those that never see a date. This module answers Jackson's lookups for
 * {@code java.time} types only, from what {@code JavaTimeModule} registers on a mapper of its own,
 * made on first use.
 */
final class JavaTimeSupport extends Module {
  private static final String JAVA_TIME = "java.time.";

  @Override
  public String getModuleName() {
    return "kindling-java-time";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addDeserializers(new TimeDeserializers());
    context.addKeyDeserializers(new TimeKeyDeserializers());
    context.addValueInstantiators(new TimeValueInstantiators());
    context.addSerializers(new TimeSerializers(false));
    context.addKeySerializers(new TimeSerializers(true));
  }

  static boolean isJavaTime(Class<?> type) {
    return type.getName().startsWith(JAVA_TIME);
  }

  /** What {@link JavaTimeModule} registers, read from a mapper it set up; built on first use. */
  private static final class Registered {
    static final DeserializerFactoryConfig READING;
    static final SerializerFactoryConfig WRITING;

    static {
      ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
      READING = ((BasicDeserializerFactory) mapper.getDeserializationContext().getFactory()).getFactoryConfig();
      WRITING = ((BasicSerializerFactory) mapper.getSerializerFactory()).getFactoryConfig();
    }
  }

  private static final class TimeDeserializers extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config, BeanDescription beanDesc)
        throws JsonMappingException {
      if (!isJavaTime(type.getRawClass())) {
        return null;
      }
      for (Deserializers deserializers : Registered.READING.deserializers()) {
        JsonDeserializer<?> found = deserializers.findBeanDeserializer(type, config, beanDesc);
        if (found != null) {
          return new TextOnly(found, type.getRawClass());
        }
      }
      return null;
    }

    @Override
    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config, BeanDescription beanDesc)
        throws JsonMappingException {
      if (!isJavaTime(type)) {
        return null;
      }
      for (Deserializers deserializers : Registered.READING.deserializers()) {
        JsonDeserializer<?> found = deserializers.findEnumDeserializer(type, config, beanDesc);
        if (found != null) {
          return found;
        }
      }
      return null;
    }

    @Override
    public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
      if (!isJavaTime(valueType)) {
        return false;
      }
      for (Deserializers deserializers : Registered.READING.deserializers()) {
        if (deserializers.hasDeserializerFor(config, valueType)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Reads a {@code java.time} value from ISO-8601 text only. {@link JavaTimeModule} also takes
   * numbers ({@code 1773119783} as an {@code Instant}, as seconds or milliseconds depending on a
   * feature) and arrays ({@code [2026,3,10]}); a payload that means seconds and is read as
   * milliseconds, or the other way round, is a wrong date, not an error, so those are refused. A
   * {@code Year} may be a whole number: {@code 2026} means one thing only.
   */
  private static final class TextOnly extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;
    private final Class<?> type;

    TextOnly(JsonDeserializer<?> delegate, Class<?> type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new TextOnly(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      boolean year = type == Year.class && parser.hasToken(JsonToken.VALUE_NUMBER_INT);
      if (!parser.hasToken(JsonToken.VALUE_STRING) && !year) {
        return context.handleUnexpectedToken(type, parser);
      }
      return super.deserialize(parser, context);
    }
  }

  private static final class TimeKeyDeserializers implements KeyDeserializers {
    @Override
    public KeyDeserializer findKeyDeserializer(JavaType type, DeserializationConfig config, BeanDescription beanDesc)
        throws JsonMappingException {
      if (!isJavaTime(type.getRawClass())) {
        return null;
      }
      for (KeyDeserializers keyDeserializers : Registered.READING.keyDeserializers()) {
        KeyDeserializer found = keyDeserializers.findKeyDeserializer(type, config, beanDesc);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
  }

  private static final class TimeValueInstantiators extends ValueInstantiators.Base {
    @Override
    public ValueInstantiator findValueInstantiator(
        DeserializationConfig config, BeanDescription beanDesc, ValueInstantiator defaultInstantiator) {
      if (!isJavaTime(beanDesc.getBeanClass())) {
        return defaultInstantiator;
      }
      ValueInstantiator instantiator = defaultInstantiator;
      for (ValueInstantiators instantiators : Registered.READING.valueInstantiators()) {
        instantiator = instantiators.findValueInstantiator(config, beanDesc, instantiator);
      }
      return instantiator;
    }
  }

  /** Value serializers, or with {@code keys} the serializers of map keys. */
  private static final class TimeSerializers extends Serializers.Base {
    private final boolean keys;

    TimeSerializers(boolean keys) {
      this.keys = keys;
    }

    @Override
    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
      if (!isJavaTime(type.getRawClass())) {
        return null;
      }
      for (Serializers serializers : keys ? Registered.WRITING.keySerializers() : Registered.WRITING.serializers()) {
        JsonSerializer<?> found = serializers.findSerializer(config, type, beanDesc);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
  }
}
