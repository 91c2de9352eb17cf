package dev.statefulcluster.synth.nodescript;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A loop device over a sparse backing file: the stand-in for an EBS volume. */
final class LoopDevice {

  static final long MIB = 1024L * 1024;
  static final long GIB = 1024 * MIB;

  private final Path backing;
  private final String path;

  private LoopDevice(Path backing, String path) {
    this.backing = backing;
    this.path = path;
  }

  /** Creates (or extends) a sparse file of the given size. */
  static Path sparseFile(Path file, long bytes) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LoopDevice attach(Path backing) {
    return new LoopDevice(backing, Host.must("losetup", "-f", "--show", backing.toString()));
  }

  /** /dev/loopN */
  String path() {
    return path;
  }

  /** loopN */
  String name() {
    return Path.of(path).getFileName().toString();
  }

  String partition(int number) {
    return path + "p" + number;
  }

  Path backing() {
    return backing;
  }

  /** Enlarges the backing file and tells the kernel, as EBS ModifyVolume does for a volume. */
  void growTo(long bytes) {
    sparseFile(backing, bytes);
    Host.must("losetup", "-c", path);
  }

  long size() {
    return Long.parseLong(Host.must("blockdev", "--getsize64", path));
  }

  /** The major:minor the kernel gives the device, as /proc/self/mountinfo shows it. */
  static String majMin(String devicePath) {
    String[] hex = Host.must("stat", "-L", "-c", "%t %T", devicePath).split(" ");
    return Integer.parseInt(hex[0], 16) + ":" + Integer.parseInt(hex[1], 16);
  }

  String majMin() {
    return majMin(path);
  }

  /** SHA-256 of the whole device as the kernel reads it. */
  String sha256() {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void detach() {
    Host.quietly("partx", "-d", path);
    Host.quietly("losetup", "-d", path);
  }

  @Override
  public String toString() {
    return path + " (" + backing + ")";
  }
}
