/**
 * Files in a task pane, the ways that work in every Office host: picking one with a plain
 * `<input type="file">` (opened from a button; Excel on the web, Windows WebView2 and Mac all show
 * the system's file dialog), reading it as text, and saving one as a download (a Blob, an object
 * URL and an `<a download>`). Excel on Mac does not act on downloads from add-ins
 * (OfficeDev/office-js#3385), so the pane also offers the file's text to copy.
 */
import { Button, type ButtonProps } from "@fluentui/react-components";
import { useRef } from "react";

/** Files larger than this are refused before reading: no IMS file or error file comes near it. */
export const MAX_PICKED_BYTES = 150 * 1024 * 1024;

export interface FilePickButtonProps {
  label: string;
  /** What the file dialog offers, e.g. ".json,application/json". */
  accept?: string;
  disabled?: boolean;
  appearance?: ButtonProps["appearance"];
  onFile(file: File): void;
}

/** A button that opens the system's file dialog; the chosen file goes to `onFile`. */
export function FilePickButton({ label, accept = ".json,application/json", disabled, appearance, onFile }: FilePickButtonProps) {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <Button appearance={appearance} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-picker={label}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // The same file can be picked again (after fixing something in the sheets).
          e.currentTarget.value = "";
          if (file) onFile(file);
        }}
      />
    </>
  );
}

/** The file's text (UTF-8). */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsText(file, "utf-8");
  });
}

/**
 * Starts the download of a text file and returns its object URL (for a "download again" link);
 * revoke it with `URL.revokeObjectURL` when it is no longer shown.
 */
export function saveTextFile(name: string, text: string, type = "application/json"): string {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  return url;
}
