package dev.kindling.runtime.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;

/**
 * MDC per thread, in insertion order. Unlike slf4j's {@code BasicMDCAdapter} a new thread does not
 * inherit its creator's map: a batch worker started during one record would otherwise keep that
 * record's {@code record_id} for every later record it runs.
 */
final class ThreadMdcAdapter implements MDCAdapter {
  private static final ThreadLocal<Map<String, String>> MAP = new ThreadLocal<>();
  /** {@code MDC.pushByKey} stacks; no log line shows them, but code may read them and they must not pile up. */
  private static final ThreadLocal<Map<String, Deque<String>>> STACKS = new ThreadLocal<>();

  /** This thread's entries, or {@code null} when there are none; read-only for the caller. */
  static Map<String, String> current() {
    Map<String, String> map = MAP.get();
    return map == null || map.isEmpty() ? null : map;
  }

  /**
   * A copy of this thread's entries and stacks for {@link #restore}, or {@code null} when there are
   * none: the common case, a record or invocation that starts from an empty MDC, copies nothing.
   */
  static KindlingLogging.MdcSnapshot snapshot() {
    Map<String, String> map = MAP.get();
    Map<String, Deque<String>> stacks = STACKS.get();
    boolean noEntries = map == null || map.isEmpty();
    boolean noStacks = stacks == null || stacks.isEmpty();
    if (noEntries && noStacks) {
      return null;
    }
    return new KindlingLogging.MdcSnapshot(noEntries ? null : new LinkedHashMap<>(map), noStacks ? null : copy(stacks));
  }

  /**
   * Makes this thread's entries and stacks exactly those of {@code snapshot} ({@code null}: none),
   * in the thread's own maps, so restoring an empty MDC allocates nothing. {@code snapshot} is
   * copied, not kept, and can be restored again.
   */
  static void restore(KindlingLogging.MdcSnapshot snapshot) {
    Map<String, String> entries = snapshot == null ? null : snapshot.entries();
    Map<String, String> map = MAP.get();
    if (map != null) {
      map.clear();
      if (entries != null) {
        map.putAll(entries);
      }
    } else if (entries != null && !entries.isEmpty()) {
      MAP.set(new LinkedHashMap<>(entries));
    }
    Map<String, Deque<String>> saved = snapshot == null ? null : snapshot.stacks();
    if (saved != null) {
      STACKS.set(copy(saved));
    } else {
      Map<String, Deque<String>> stacks = STACKS.get();
      if (stacks != null) {
        stacks.clear();
      }
    }
  }

  private static Map<String, Deque<String>> copy(Map<String, Deque<String>> stacks) {
    Map<String, Deque<String>> copy = new HashMap<>();
    stacks.forEach((key, deque) -> copy.put(key, new ArrayDeque<>(deque)));
    return copy;
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
    STACKS.remove();
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
    Map<String, Deque<String>> stacks = STACKS.get();
    if (stacks == null) {
      stacks = new HashMap<>();
      STACKS.set(stacks);
    }
    stacks.computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
  }

  @Override
  public String popByKey(String key) {
    Map<String, Deque<String>> stacks = STACKS.get();
    Deque<String> deque = stacks == null ? null : stacks.get(key);
    return deque == null ? null : deque.pollFirst();
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    Map<String, Deque<String>> stacks = STACKS.get();
    Deque<String> deque = stacks == null ? null : stacks.get(key);
    return deque == null ? null : new ArrayDeque<>(deque);
  }

  @Override
  public void clearDequeByKey(String key) {
    Map<String, Deque<String>> stacks = STACKS.get();
    Deque<String> deque = stacks == null ? null : stacks.get(key);
    if (deque != null) {
      deque.clear();
    }
  }
}
