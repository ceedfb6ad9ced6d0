// Runs a command's main(): its number is the exit code; a thrown error is printed as one line and exits 2.
export function runMain(name: string, main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 2;
      },
    );
}
