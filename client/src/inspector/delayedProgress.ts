// Progress for work that is usually quick: shown only once the work has taken longer than a moment, so that opening a
// small package does not flash a notification.

/** Waits for `task`; if it is still running after `delayMs`, hands it to `show` (which displays progress until it ends). */
export async function withDelayedProgress<T>(task: Promise<T>, delayMs: number, show: (task: Promise<T>) => PromiseLike<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), delayMs);
  });
  const first = await Promise.race([
    task.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  return first === 'late' ? show(task) : task;
}
