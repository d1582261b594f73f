/**
 * Element Plus' service APIs, imported on demand (with their CSS) by unplugin-auto-import's
 * resolver wherever a file uses them without an import. Its template components are typed by
 * element-plus/global (tsconfig "types").
 */
declare global {
  const ElMessage: (typeof import('element-plus'))['ElMessage'];
  const ElMessageBox: (typeof import('element-plus'))['ElMessageBox'];
  const ElNotification: (typeof import('element-plus'))['ElNotification'];
  const ElLoading: (typeof import('element-plus'))['ElLoading'];
}

export {};
