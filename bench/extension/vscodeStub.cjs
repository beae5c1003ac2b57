// A minimal `vscode` module for timing the extension's load and activation in plain Node. It
// covers what activation touches with no signed-in account: the sign-in lookup returns no
// session, settings return their defaults and every registration returns a disposable.
// Reading a member it lacks returns undefined; loadExtension.cjs records each such read.
'use strict';

const missing = new Set();

class Disposable {
  constructor(callOnDispose) {
    this.callOnDispose = callOnDispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item && item.dispose && item.dispose()));
  }
  dispose() {
    if (this.callOnDispose) this.callOnDispose();
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return new Disposable(() => this.listeners.delete(listener));
    };
  }
  fire(value) {
    for (const listener of this.listeners) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

const noEvent = () => new Disposable();

class TreeItem {
  constructor(label, collapsibleState) {
    this.label = label;
    this.collapsibleState = collapsibleState;
  }
}

class ThemeIcon {
  constructor(id, color) {
    this.id = id;
    this.color = color;
  }
}

class Uri {
  constructor(path) {
    this.scheme = 'file';
    this.path = path;
    this.fsPath = path;
  }
  static file(path) {
    return new Uri(path);
  }
  static joinPath(base, ...parts) {
    return new Uri([base.path, ...parts].join('/'));
  }
  toString() {
    return `file://${this.path}`;
  }
}

class CancellationError extends Error {}
class RelativePattern {
  constructor(base, pattern) {
    this.base = base;
    this.pattern = pattern;
  }
}

function logChannel() {
  const lines = [];
  const write = (level) => (message) => lines.push(`${level} ${message}`);
  return { lines, trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), append() {}, appendLine() {}, show() {}, hide() {}, clear() {}, dispose() {} };
}

function format(message, ...args) {
  return String(message).replace(/\{(\d+)\}/g, (match, index) => (args[Number(index)] === undefined ? match : String(args[Number(index)])));
}

const api = {
  version: '1.100.0',
  Disposable,
  EventEmitter,
  TreeItem,
  ThemeIcon,
  Uri,
  CancellationError,
  RelativePattern,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  // Read when the workspace checks' modules load, so loading fails without them.
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  CodeActionKind: { QuickFix: { value: 'quickfix' } },
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  l10n: { t: format },
  env: { appName: 'Node (vscode stub)', language: 'en', clipboard: { writeText: async () => undefined, readText: async () => '' } },
  window: {
    createOutputChannel: () => logChannel(),
    createTreeView: () => ({ dispose() {}, onDidChangeVisibility: noEvent, onDidChangeSelection: noEvent, visible: true }),
    setStatusBarMessage: () => new Disposable(),
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
    terminals: [],
  },
  commands: {
    registerCommand: () => new Disposable(),
    executeCommand: async () => undefined,
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
    onDidChangeConfiguration: noEvent,
    // No folder is open, so the workspace checks find no files and open no documents.
    textDocuments: [],
    findFiles: async () => [],
    createFileSystemWatcher: () => ({ onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose() {} }),
    onDidOpenTextDocument: noEvent,
    onDidChangeTextDocument: noEvent,
    onDidCloseTextDocument: noEvent,
  },
  languages: {
    createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, forEach() {}, get: () => undefined, dispose() {} }),
    registerCodeActionsProvider: () => new Disposable(),
    registerCodeLensProvider: () => new Disposable(),
  },
  authentication: {
    getSession: async () => undefined,
    getAccounts: async () => [],
    onDidChangeSessions: noEvent,
  },
};

/** Wraps a namespace so reading a member the stub lacks is recorded instead of silently returning undefined. */
function recording(target, prefix) {
  return new Proxy(target, {
    get(object, key) {
      if (typeof key === 'string' && !(key in object) && key !== 'then' && key !== '__esModule') {
        missing.add(`${prefix}${key}`);
      }
      const value = object[key];
      const plainObject = value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
      return plainObject && key !== 'env' ? recording(value, `${prefix}${String(key)}.`) : value;
    },
  });
}

api.__missing = missing;
module.exports = recording(api, 'vscode.');
