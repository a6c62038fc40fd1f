package dev.kindling.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Unpacks a directory of a jar, for tools that must run from the file system (the Kinesis emulator). */
final class JarContent {

    private JarContent() {
    }

    /** A short hex digest of the given entries' content, to key an unpacked copy. */
    static String digest(JarFile jar, List<String> entries) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : entries) {
            JarEntry entry = jar.getJarEntry(name);
            if (entry == null) {
                throw new IOException(jar.getName() + " has no " + name);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                sha256.update(in.readAllBytes());
            }
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }

    /** Copies every file under {@code prefix} (a directory name ending in {@code /}) into {@code target}. */
    static void extract(JarFile jar, String prefix, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                continue;
            }
            Path file = root.resolve(entry.getName().substring(prefix.length())).normalize();
            if (!file.startsWith(root)) {
                throw new IOException("Entry outside " + prefix + ": " + entry.getName());
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Moves a fully unpacked {@code staging} directory to {@code target} in one step; if another process published
     * it first, keeps theirs and deletes {@code staging}.
     */
    static Path publish(Path staging, Path target, String marker) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            deleteRecursively(staging);
            if (Files.isRegularFile(target.resolve(marker))) {
                return target;
            }
            throw new IOException("Cannot publish " + target, e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
