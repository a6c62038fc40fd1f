package dev.kindling.runtime.logging;

import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * MDC per thread, in insertion order. Unlike slf4j's {@code BasicMDCAdapter} a new thread does not
 * inherit its creator's map: a batch worker started during one record would otherwise keep that
 * record's {@code record_id} for every later record it runs.
 */
final class ThreadMdcAdapter implements MDCAdapter {
  private static final ThreadLocal<Map<String, String>> MAP = new ThreadLocal<>();

  private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

  /** This thread's entries, or {@code null} when there are none; read-only for the caller. */
  static Map<String, String> current() {
    Map<String, String> map = MAP.get();
    return map == null || map.isEmpty() ? null : map;
  }

  /**
   * A copy of this thread's entries for {@link #restore}, or {@code null} when there are none: the
   * common case, a record or invocation that starts from an empty MDC, copies nothing.
   */
  static Map<String, String> snapshot() {
    Map<String, String> map = MAP.get();
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }

  /**
   * Makes this thread's entries exactly those of {@code snapshot} ({@code null}: none), in the
   * thread's own map, so restoring an empty MDC allocates nothing. {@code snapshot} is copied, not
   * kept, and can be restored again.
   */
  static void restore(Map<String, String> snapshot) {
    Map<String, String> map = MAP.get();
    if (map != null) {
      map.clear();
      if (snapshot != null) {
        map.putAll(snapshot);
      }
    } else if (snapshot != null && !snapshot.isEmpty()) {
      MAP.set(new LinkedHashMap<>(snapshot));
    }
  }

  @Override
  public void put(String key, String value) {
    if (key == null) {
      throw new IllegalArgumentException("key cannot be null");
    }
    Map<String, String> map = MAP.get();
    if (map == null) {
      map = new LinkedHashMap<>();
      MAP.set(map);
    }
    map.put(key, value);
  }

  @Override
  public String get(String key) {
    Map<String, String> map = MAP.get();
    return map == null ? null : map.get(key);
  }

  @Override
  public void remove(String key) {
    Map<String, String> map = MAP.get();
    if (map != null) {
      map.remove(key);
    }
  }

  @Override
  public void clear() {
    MAP.remove();
  }

  @Override
  public Map<String, String> getCopyOfContextMap() {
    Map<String, String> map = MAP.get();
    return map == null ? null : new LinkedHashMap<>(map);
  }

  @Override
  public void setContextMap(Map<String, String> contextMap) {
    if (contextMap == null || contextMap.isEmpty()) {
      MAP.remove();
    } else {
      MAP.set(new LinkedHashMap<>(contextMap));
    }
  }

  @Override
  public void pushByKey(String key, String value) {
    stacks.pushByKey(key, value);
  }

  @Override
  public String popByKey(String key) {
    return stacks.popByKey(key);
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    return stacks.getCopyOfDequeByKey(key);
  }

  @Override
  public void clearDequeByKey(String key) {
    stacks.clearDequeByKey(key);
  }
}
