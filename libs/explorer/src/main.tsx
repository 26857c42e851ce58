import { render } from 'preact'
import { App } from './App.js'
import { readExplorerConfig } from './readExplorerConfig.js'
import './style.css'

const root = document.getElementById('app')
if (root) render(<App config={readExplorerConfig(document)} />, root)
